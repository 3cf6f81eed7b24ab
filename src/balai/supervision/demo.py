"""Demo data: each kecamatan's binwas agenda, visits, findings, a rakor and LPPDes receipts.

Deterministic for a seed and idempotent: a kabupaten that already has
activities is left as it is. Everything goes through the services, so the
audit trail and the indicator marks are those of real use.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from balai.accounts.models import User
from balai.core.demo import DemoOptions
from balai.regions.models import Area, Level
from balai.supervision import selectors, services
from balai.supervision.models import (
    Activity,
    ActivityKind,
    Affiliation,
    AnswerType,
    Question,
    Responsible,
)

FINDINGS = (
    ("Papan standar pelayanan belum dipasang.", "Pasang papan standar pelayanan di ruang layanan."),
    ("Buku induk penduduk tidak mutakhir sejak awal tahun.", "Mutakhirkan buku induk dari Balai."),
    ("APBDes belum dipublikasikan.", "Pasang baliho APBDes di kantor desa."),
    ("Kantor tutup pada jam layanan.", "Atur jadwal piket perangkat desa."),
)


def _answer(q: Question, rng: random.Random) -> str:
    if q.answer_type == AnswerType.YES_NO:
        return "ya" if rng.random() < 0.7 else "tidak"
    if q.answer_type == AnswerType.NUMBER:
        return str(rng.randint(0, 4))
    if q.answer_type == AnswerType.CHOICE:
        return rng.choice(q.choice_list)
    return "Kegiatan berjalan."


def _actor(kabupaten: Area) -> Any:
    return (
        User.objects.filter(username="kecamatan").first()
        or User.objects.filter(username="camat").first()
        or User.objects.filter(is_superuser=True).first()
    )


def build(kabupaten: Area, options: DemoOptions) -> str:
    """Fill *kabupaten*'s binwas demo; return one summary line."""
    if Activity.objects.filter(area__within=kabupaten.code).exists():
        return "binwas: sudah ada"
    rng = random.Random(options.seed)
    actor = _actor(kabupaten)
    today = timezone.localdate()
    services.instruments_ensure_defaults(actor=actor, kabupaten=kabupaten)
    kecamatans = list(
        Area.objects.filter(code__within=kabupaten.code, level=Level.KECAMATAN, is_active=True)
    )
    visits = findings = 0
    for kec in kecamatans:
        villages = list(
            Area.objects.filter(
                code__within=kec.code, level=Level.DESA_KELURAHAN, is_active=True
            ).order_by("code")
        )
        if not villages:
            continue
        past = services.activity_create(
            actor=actor,
            kecamatan=kec,
            kind=ActivityKind.PENGAWASAN,
            title=f"Pengawasan pelayanan desa {kec.name}",
            topics="SPM Desa, administrasi, APBDes",
            starts_on=today - timedelta(days=40),
            ends_on=today - timedelta(days=38),
            villages=villages[:3],
            leader=actor,
        )
        services.activity_add_member(
            actor=actor, activity=past, name="Pendamping Desa", affiliation=Affiliation.PENDAMPING
        )
        services.activity_add_member(
            actor=actor, activity=past, name="UPT Puskesmas", affiliation=Affiliation.UPT_KESEHATAN
        )
        for n, visit in enumerate(past.visits.select_related("area")):
            brief = (
                selectors.visit_brief(user=actor, village=visit.area, on=today)
                if kec.code == kecamatans[0].code
                else {}
            )
            visit = services.visit_start(actor=actor, visit=visit, brief=brief)
            questions = visit.questions.all()
            services.visit_save_draft(
                actor=actor,
                visit=visit,
                answers={q.pk: (_answer(q, rng), "") for q in questions},
                visited_on=today - timedelta(days=39),
            )
            text, recommendation = FINDINGS[(n + len(kec.code)) % len(FINDINGS)]
            item = services.followup_create(
                actor=actor,
                visit=visit,
                area=visit.area,
                description=text,
                recommendation=recommendation,
                responsible=Responsible.VILLAGE,
                due_days=rng.choice((5, 10, 30)),
            )
            findings += 1
            if n == 0:
                services.followup_answer(actor=actor, item=item, note="Sudah dilaksanakan.")
                services.followup_verify(actor=actor, item=item, accept=True)
            if n < 2:
                services.visit_sign(actor=actor, visit=visit)
            visits += 1
        services.activity_create(
            actor=actor,
            kecamatan=kec,
            kind=ActivityKind.PEMBINAAN,
            title=f"Pembinaan administrasi desa {kec.name}",
            topics="Buku administrasi, LPPDes",
            starts_on=today + timedelta(days=10),
            ends_on=today + timedelta(days=10),
            villages=villages[3:6] or villages[:1],
            leader=actor,
        )
        meeting = services.meeting_create(
            actor=actor,
            area=kec,
            title=f"Rakor kepala desa {kec.name}",
            held_on=today - timedelta(days=20),
            place=f"Aula Kantor Camat {kec.name}",
            agenda=selectors.meeting_agenda_draft(area=kec, on=today - timedelta(days=20))[:4],
        )
        services.meeting_invite_defaults(actor=actor, meeting=meeting)
        services.meeting_record_minutes(
            actor=actor, meeting=meeting, minutes="Kepala desa melaporkan tindak lanjut temuan."
        )
        services.followup_create(
            actor=actor,
            meeting=meeting,
            area=villages[0],
            description="Percepat penyampaian LPPDes.",
            recommendation="Serahkan LPPDes ke kecamatan.",
            responsible=Responsible.VILLAGE,
            due_days=10,
        )
        for village in villages:
            roll = rng.random()
            if roll < 0.85:
                late = roll > 0.7
                received = date(today.year, 3 if not late else 5, rng.randint(1, 28))
                if received <= today:
                    services.report_receive(
                        actor=actor,
                        village=village,
                        kind="lppdes",
                        year=today.year - 1,
                        received_on=received,
                    )
    escalated = services.followups_escalate_overdue(today=today)
    return (
        f"binwas: {len(kecamatans)} kecamatan, {visits} kunjungan, {findings} temuan, "
        f"{escalated} dieskalasi"
    )
