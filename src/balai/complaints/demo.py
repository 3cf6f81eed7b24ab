"""Demo complaints in the demo kabupaten: every state, some overdue and escalated.

Deterministic for a seed (titles, villages, states and times come from
``random.Random``; ticket numbers and tracking codes stay random secrets)
and idempotent: a kabupaten that has demo complaints gets no more.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from balai.accounts.models import RoleAssignment, User
from balai.accounts.roles import Role
from balai.complaints import selectors, services
from balai.complaints.models import Channel, Complaint
from balai.complaints.services.workflow import officer_may_handle
from balai.core.demo import DemoOptions
from balai.regions.models import Area, Level

SAMPLES = [
    ("infrastruktur", "Jalan tani rusak di dusun", "Jalan tani berlubang besar sejak musim hujan."),
    ("layanan-administrasi", "Surat keterangan lama selesai", "Sudah seminggu belum selesai."),
    ("bantuan-sosial", "Bantuan belum diterima", "Nama kami ada di daftar tetapi belum menerima."),
    ("lingkungan", "Sampah menumpuk di pasar", "Sampah tidak diangkut dua minggu."),
    ("kesehatan", "Posyandu tidak buka", "Posyandu bulan ini tidak buka tanpa pemberitahuan."),
    ("aparat-desa", "Pungutan untuk surat pengantar", "Diminta membayar untuk surat pengantar."),
    ("keamanan", "Lampu jalan mati", "Lampu jalan di simpang mati, rawan pencurian."),
    ("pendidikan", "Atap sekolah bocor", "Atap SD bocor saat hujan."),
]
PER_VILLAGE = 3
MAX_VILLAGES = 12


def build(kabupaten: Area, options: DemoOptions) -> str:
    """Create demo complaints in up to 12 villages of *kabupaten* (once)."""
    if Complaint.objects.filter(area__within=kabupaten.code).exists():
        return "sudah ada, tidak ditambah"
    rng = random.Random(options.seed)
    villages = _demo_villages(kabupaten)
    officer = User.objects.filter(username="operator").first()
    now = timezone.now()
    made = 0
    for village in villages:
        categories = {c.code: c for c in selectors.categories_for_area(village)}
        for _i in range(PER_VILLAGE):
            code, title, text = rng.choice(SAMPLES)
            when = now - timedelta(days=rng.randint(4, 40), hours=rng.randint(0, 8))
            filed = services.complaint_file(
                actor=None,
                area=village,
                category=categories.get(code),
                title=title,
                description=text,
                channel=rng.choice([Channel.WEB, Channel.COUNTER, Channel.SELF_SERVICE]),
                reporter_name=rng.choice(["Andi", "Becce", "Hasna", "Rahmat", ""]),
                reporter_phone=f"0812{rng.randint(10_000_000, 99_999_999)}",
                is_anonymous=rng.random() < 0.2,
                now=when,
            )
            made += 1
            _advance(filed.complaint, rng, officer)
    report = services.complaints_escalate_overdue(now=now)
    return f"{made} pengaduan, {report.to_kecamatan + report.to_kabupaten} eskalasi"


def _demo_villages(kabupaten: Area) -> list[Area]:
    """Villages under the demo camat first (so the camat meets escalations), then others."""
    in_kabupaten = Area.objects.filter(
        code__within=kabupaten.code, level=Level.DESA_KELURAHAN, is_active=True
    )
    camat = RoleAssignment.objects.filter(
        role=Role.CAMAT, area__code__startswith=kabupaten.code + "."
    ).first()
    kecamatan = camat.area_id if camat else None
    first = list(in_kabupaten.filter(code__within=kecamatan).order_by("code")) if kecamatan else []
    rest = in_kabupaten.exclude(code__in=[v.code for v in first]).order_by("code")
    return [*first, *rest][:MAX_VILLAGES]


def _advance(complaint: Complaint, rng: random.Random, officer: User | None) -> None:
    stage = rng.randint(0, 5)
    step = timedelta(hours=rng.randint(1, 8))
    t = complaint.received_at + step
    if stage == 0:
        return
    if stage == 1:
        services.complaint_hold(
            complaint=complaint, actor=officer, reason="Mohon lengkapi lokasi.", now=t
        )
        return
    complaint = services.complaint_verify(complaint=complaint, actor=officer, now=t)
    if stage == 2 or officer is None or not officer_may_handle(officer, complaint):
        return
    complaint = services.complaint_assign(
        complaint=complaint, actor=officer, assignee=officer, now=t + step
    )
    if stage == 3:
        return
    complaint = services.complaint_respond(
        complaint=complaint, actor=officer, text="Sedang kami tinjau ke lokasi.", now=t + 2 * step
    )
    if stage == 4:
        return
    complaint = services.complaint_resolve(
        complaint=complaint, actor=officer, text="Sudah diperbaiki. Terima kasih.", now=t + 3 * step
    )
    if rng.random() < 0.6:
        services.complaint_rate(complaint=complaint, rating=rng.randint(2, 5), now=t + 4 * step)
