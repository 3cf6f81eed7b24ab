"""Demo data: an IID round of the running year in the demo kabupaten.

Idempotent: skipped when the kabupaten already has innovations in the round.
The method is a copy of the 2023 rule set (the only one seeded) named as a
demo copy, so nobody mistakes it for the year's official letter. Innovations
of four offices, the demo kecamatan and two villages, at every status;
evidence as links (no files), SPD filled by Bappeda.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from balai.accounts.roles import Office
from balai.core.demo import DEFAULT_KECAMATAN_INDEX, DemoOptions
from balai.innovation import services
from balai.innovation.models import (
    Answer,
    Assessment,
    Innovation,
    InnovationStatus,
    OwnerKind,
    Review,
    RuleSet,
)
from balai.regions.models import Area, Level
from balai.regions.selectors import area_descendants

# (owner, name, urusan, bentuk, jenis, tahapan, level 1-3 of its answers, final status)
PLAN = [
    ("dinkes", "Posyandu Digital Balita Sehat", "kesehatan", "pelayanan", "digital", "penerapan", 3, "verified"),
    ("dinkes", "Jemput Bola Imunisasi Desa Terpencil", "kesehatan", "pelayanan", "non_digital", "penerapan", 2, "submitted"),
    ("disdik", "Sekolah Kembali: Pendataan Anak Tidak Sekolah", "pendidikan", "pelayanan", "digital", "penerapan", 2, "verified"),
    ("disdukcapil", "Akta Lahir Langsung di Puskesmas", "adminduk", "pelayanan", "non_digital", "penerapan", 3, "returned"),
    ("dpmd", "Dashboard Dana Desa Terbuka", "pmd", "tata_kelola", "digital", "penerapan", 2, "submitted"),
    ("dinsos", "Lumbung Sosial Bencana Banjir", "sosial", "lainnya", "non_digital", "uji_coba", 1, "draft"),
    ("kecamatan", "Layanan Surat Kecamatan Sehari Jadi", "penunjang", "pelayanan", "non_digital", "penerapan", 2, "submitted"),
    ("desa", "Kebun Gizi Keluarga Stunting", "kesehatan", "lainnya", "non_digital", "penerapan", 2, "verified"),
    ("desa", "Pos Ronda Siaga Banjir", "trantibum", "lainnya", "non_digital", "inisiatif", 1, "draft"),
    ("desa2", "Air Bersih Gravitasi Dusun", "perumahan", "pelayanan", "non_digital", "penerapan", 1, "draft"),
]  # fmt: skip
VIDEO = "https://www.youtube.com/watch?v=demo-inovasi-{}"
DOC = "https://luwuutarakab.go.id/dokumen/inovasi/{}.pdf"


def _method(year: int) -> RuleSet:
    found = RuleSet.objects.filter(year=year).first()
    if found is not None:
        return found
    return services.ruleset_copy(
        actor=None,
        source=RuleSet.objects.get(year=2023),
        year=year,
        name=f"Salinan metode 2023 untuk {year} (demo; periksa surat BSKDN tahun berjalan)",
    )


def build(kabupaten: Area, options: DemoOptions) -> str:
    rng = random.Random(options.seed)
    today = timezone.localdate()
    year = today.year
    _method(year)
    kecamatans = list(area_descendants(kabupaten.code, level=Level.KECAMATAN).order_by("code"))
    if not kecamatans:
        return "no kecamatan"
    kec = kecamatans[min(DEFAULT_KECAMATAN_INDEX, len(kecamatans) - 1)]
    villages = list(area_descendants(kec.code, level=Level.DESA_KELURAHAN).order_by("code"))
    other = next((k for k in kecamatans if k.code != kec.code), kec)
    other_villages = list(area_descendants(other.code, level=Level.DESA_KELURAHAN).order_by("code"))
    desa = next((v for v in villages if v.code.split(".")[-1].startswith("2")), villages[0])
    desa2 = other_villages[0] if other_villages else desa
    assessment = Assessment.objects.filter(kabupaten=kabupaten, rule_set__year=year).first()
    if assessment is not None and assessment.innovations.exists():
        return f"round {year} already there"
    with transaction.atomic():
        assessment = services.assessment_open(
            actor=None, kabupaten=kabupaten, year=year, deadline=today + timedelta(days=10)
        )
        for a in assessment.answers.filter(innovation=None).select_related("indicator"):
            services.answer_set(actor=None, answer=a, parameter=rng.choice((2, 2, 3)))
            services.evidence_add(actor=None, answer=a, url=DOC.format(f"spd-{a.indicator.label}"))
        for owner, name, urusan, bentuk, jenis, tahapan, level, status in PLAN:
            owners = {
                "kecamatan": (OwnerKind.KECAMATAN, kec, ""),
                "desa": (OwnerKind.VILLAGE, desa, ""),
                "desa2": (OwnerKind.VILLAGE, desa2, ""),
            }
            kind, area, office = owners.get(owner) or (
                OwnerKind.OFFICE,
                kabupaten,
                Office(owner).value,
            )
            applied = date(year - 1, rng.randint(1, 12), 1) if tahapan == "penerapan" else None
            innovation = services.innovation_create(
                actor=None,
                assessment=assessment,
                owner_kind=kind,
                area=area,
                office=office,
                name=name,
                bentuk=bentuk,
                jenis=jenis,
                inisiator="perangkat_daerah" if kind == OwnerKind.OFFICE else "masyarakat",
                urusan=urusan,
                tahapan=tahapan,
                started_on=date(year - 2, rng.randint(1, 12), 1),
                trial_on=date(year - 2, 12, 15) if tahapan != "inisiatif" else None,
                applied_on=applied,
                budget=rng.choice((None, 25_000_000, 150_000_000)),
                aims=f"Mempercepat dan mendekatkan layanan: {name.lower()}.",
                benefits="Warga dilayani lebih cepat dan tercatat.",
                partners="Puskesmas, pemerintah desa, PKK",
            )
            _fill(innovation, level, rng, complete=status != "draft")
            if status == "draft":
                continue
            services.innovation_submit(actor=None, innovation=innovation)
            if status == "submitted":
                continue
            for i, a in enumerate(innovation.answers.filter(review=Review.PENDING).order_by("pk")):
                reject = status == "returned" and i == 0
                services.answer_review(
                    actor=None,
                    answer=a,
                    accept=not reject,
                    note="SK belum ditandatangani; unggah SK yang sah." if reject else "",
                )
    count = Innovation.objects.filter(assessment=assessment).count()
    verified = Innovation.objects.filter(
        assessment=assessment, status=InnovationStatus.VERIFIED
    ).count()
    return f"IID {year}: {count} innovations, {verified} verified"


def _fill(innovation: Innovation, level: int, rng: random.Random, *, complete: bool) -> None:
    for a in Answer.objects.filter(innovation=innovation).select_related("indicator"):
        if not complete and not a.indicator.mandatory and rng.random() < 0.5:
            continue
        if not complete and a.indicator.label == "35":
            continue  # a draft still lacks its video
        parameter = max(1, min(3, level + rng.choice((-1, 0, 0, 1))))
        services.answer_set(actor=None, answer=a, parameter=parameter)
        url = (
            VIDEO.format(innovation.pk)
            if a.indicator.label == "35"
            else DOC.format(f"{innovation.pk}-{a.indicator.label}")
        )
        services.evidence_add(actor=None, answer=a, url=url)
