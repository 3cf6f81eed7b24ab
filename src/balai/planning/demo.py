"""Demo data for the demo kabupaten: settings, pagu, RPJM/RKP Desa, proposals and forums.

Deterministic for a seed and idempotent (nothing is added when the plan year
already has proposals). Plan year: next year. In the demo kecamatan, three
villages have held and closed their musrenbang desa (accepted proposals are in
their RKP Desa; those beyond village authority wait at the kecamatan, mapped to
OPDs); the other villages still collect proposals.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from balai.accounts.roles import Office
from balai.core.demo import DEFAULT_KECAMATAN_INDEX, DemoOptions
from balai.planning import selectors, services
from balai.planning.models import (
    Criterion,
    CriterionBasis,
    ForumLevel,
    Origin,
    PerangkatDaerah,
    PriorityTheme,
    Proposal,
    Stage,
)
from balai.regions.models import Area, Level

CRITERIA = (
    ("Urgensi", CriterionBasis.MANUAL, 3),
    ("Jumlah penerima manfaat", CriterionBasis.BENEFICIARIES, 2),
    ("Biaya", CriterionBasis.COST, 1),
    ("Kaitan dengan indikator yang belum tercapai", CriterionBasis.INDICATOR, 2),
)
OPDS = (
    ("1.03.01", "Dinas Pekerjaan Umum dan Penataan Ruang", Office.PUPR),
    ("1.02.01", "Dinas Kesehatan", Office.DINKES),
    ("1.01.01", "Dinas Pendidikan", Office.DISDIK),
    ("1.06.01", "Dinas Sosial", Office.DINSOS),
)
# (title, kegiatan, unit, volume, cost in juta, beneficiaries, village authority, indicator, OPD)
IDEAS = (
    ("Rabat beton jalan usaha tani", "2.3.12", "m", 400, 120, 160, True, "", ""),
    ("Sumur bor air bersih", "2.4.11", "unit", 2, 60, 90, True, "", ""),
    ("Kelas ibu hamil dan PMT balita", "2.2.02", "paket", 12, 35, 60, True, "", ""),
    ("Jamban sehat keluarga miskin", "2.4.90", "unit", 15, 75, 70, True, "", ""),
    ("Pelatihan kelompok tani", "4.2.93", "orang", 30, 20, 30, True, "", ""),
    ("Lampu jalan tenaga surya", "2.4.93", "titik", 20, 90, 300, True, "", ""),
    ("Pengaspalan jalan poros kecamatan", "2.3.10", "km", 2, 1800, 2500, False, "", "1.03.01"),
    ("Ruang kelas baru SD", "2.1.91", "ruang", 2, 450, 180, False, "", "1.01.01"),
    ("Pustu dan bidan desa", "2.2.01", "unit", 1, 650, 900, False, "", "1.02.01"),
)
GROUPS = (
    (Origin.PKK, "PKK Desa"),
    (Origin.YOUTH, "Karang Taruna"),
    (Origin.DISABILITY, "Kelompok Difabel Mandiri"),
    (Origin.DUSUN, ""),
)


def _villages(kabupaten: Area) -> list[Area]:
    kecamatan = list(Area.objects.filter(parent=kabupaten, level=Level.KECAMATAN).order_by("code"))
    if not kecamatan:
        return []
    kec = kecamatan[min(DEFAULT_KECAMATAN_INDEX, len(kecamatan) - 1)]
    return list(Area.objects.filter(parent=kec, kind="desa").order_by("code")[:6])


def _settings(kabupaten: Area, year: int) -> None:
    if not Criterion.objects.filter(kabupaten=kabupaten).exists():
        for name, basis, weight in CRITERIA:
            services.criterion_add(
                actor=None, kabupaten=kabupaten, name=name, basis=basis, weight=weight
            )
    for code, name, office in OPDS:
        if not PerangkatDaerah.objects.filter(kabupaten=kabupaten, code=code).exists():
            services.opd_add(actor=None, kabupaten=kabupaten, code=code, name=name, office=office)
    for opd in PerangkatDaerah.objects.filter(kabupaten=kabupaten).order_by("code"):
        if not opd.pagus.filter(year=year).exists():
            services.opd_pagu_set(
                actor=None, opd=opd, year=year, amount=Decimal(2_000_000_000), note="KUA-PPAS"
            )
    if not PriorityTheme.objects.filter(kabupaten=kabupaten, year=year).exists():
        services.theme_add(
            actor=None,
            kabupaten=kabupaten,
            year=year,
            name="Percepatan penurunan stunting",
            kegiatan_prefixes=["2.2.02", "2.2.90", "2.4.11", "2.4.13", "2.4.14", "2.4.90"],
        )
        services.theme_add(
            actor=None,
            kabupaten=kabupaten,
            year=year,
            name="Jalan usaha tani dan ketahanan pangan",
            kegiatan_prefixes=["2.3.12", "4.2"],
        )


def _plan(village: Area, year: int, rng: random.Random) -> None:
    kegiatan = selectors.kegiatan_by_code()
    plan = selectors.rpjmdes_for_year(village=village, year=year) or services.rpjmdes_create(
        actor=None,
        village=village,
        start_year=year - 2,
        vision=f"{village.name} maju, sehat dan mandiri",
    )
    if plan.programmes.exists():
        return
    goal = services.rpjmdes_goal_add(actor=None, rpjmdes=plan, text="Infrastruktur dasar merata")
    health = services.rpjmdes_goal_add(
        actor=None, rpjmdes=plan, text="Keluarga sehat, bebas stunting"
    )
    for code, name, target in (
        ("2.3.12", "Peningkatan jalan usaha tani", goal),
        ("2.4.11", "Air bersih untuk semua dusun", health),
        ("2.2.02", "Penguatan posyandu", health),
        ("2.4.93", "Penerangan jalan desa", goal),
    ):
        services.rpjmdes_programme_add(
            actor=None,
            rpjmdes=plan,
            goal=target,
            kegiatan=kegiatan[code],
            name=name,
            first_year=plan.start_year,
            last_year=plan.end_year,
            indicative_cost=Decimal(rng.randint(3, 9) * 100_000_000),
        )
    services.rkpdes_activity_create(
        actor=None,
        village=village,
        year=year,
        kegiatan=kegiatan["1.1.01"],
        name="Penghasilan tetap kepala desa",
        location=village.name,
        volume=Decimal(12),
        unit="bulan",
        indicative_cost=Decimal(36_000_000),
        fund_source="ADD",
    )


def build(kabupaten: Area, options: DemoOptions) -> str:
    """Top up the planning demo of *kabupaten*; return one summary line."""
    year = timezone.localdate().year + 1
    villages = _villages(kabupaten)
    if not villages or Proposal.objects.filter(village__within=kabupaten.code, year=year).exists():
        return "usulan musrenbang sudah ada"
    made = 0
    with transaction.atomic():
        _settings(kabupaten, year)
        kecamatan = Area.objects.get(code=villages[0].parent_id)
        services.pagu_set(actor=None, area=kecamatan, year=year, amount=Decimal(3_000_000_000))
        criteria = {c.name: c for c in selectors.criteria_for(kabupaten.code)}
        for index, village in enumerate(villages):
            rng = random.Random(f"{options.seed}:{village.code}:{year}")
            services.pagu_set(
                actor=None, area=village, year=year, amount=Decimal(rng.randint(3, 5) * 100_000_000)
            )
            _plan(village, year, rng)
            dusun = Area.objects.filter(parent=village, level=Level.DUSUN).order_by("code").first()
            proposals = []
            for n, idea in enumerate(rng.sample(IDEAS, 6)):
                title, code, unit, volume, cost, people, authority, indicator, _opd = idea
                origin, group = GROUPS[n % len(GROUPS)]
                if origin == Origin.DUSUN and dusun is None:
                    origin, group = Origin.OTHER_GROUP, "Kelompok tani"
                proposals.append(
                    services.proposal_submit(
                        actor=None,
                        village=village,
                        year=year,
                        origin=origin,
                        origin_area=dusun if origin == Origin.DUSUN else None,
                        group_name=f"{group} {village.name}" if group else "",
                        title=title,
                        kegiatan=selectors.kegiatan_by_code()[code],
                        location=dusun.name if dusun else village.name,
                        volume=Decimal(volume),
                        unit=unit,
                        estimated_cost=Decimal(cost * 1_000_000),
                        beneficiaries=people + rng.randint(0, 40),
                        village_authority=authority,
                        indicator=indicator,
                    )
                )
                made += 1
            if index >= 3:
                continue
            forum = services.forum_open(
                actor=None, level=ForumLevel.DESA, area=village, year=year, place="Balai desa"
            )
            urgency = criteria.get("Urgensi")
            for p in proposals:
                if urgency is not None:
                    services.forum_score(
                        actor=None,
                        forum=forum,
                        proposal=p,
                        scores={str(urgency.pk): rng.randint(2, 5)},
                    )
            ranking = selectors.forum_ranking(forum)
            by_pk = {p.pk: p for p in proposals}
            for row in ranking.rows:
                p = by_pk[row.item.pk]
                if not p.village_authority:
                    services.proposal_decide_desa(
                        actor=None, forum=forum, proposal=p, decision="forward"
                    )
                elif row.fits:
                    services.proposal_decide_desa(
                        actor=None, forum=forum, proposal=p, decision="accept"
                    )
                else:
                    services.proposal_decide_desa(
                        actor=None,
                        forum=forum,
                        proposal=p,
                        decision="reject",
                        reason="Tidak muat dalam pagu desa tahun ini",
                    )
            services.forum_update(
                actor=None,
                forum=forum,
                held_on=timezone.localdate().replace(month=1, day=20),
                chair=f"Kepala Desa {village.name}",
                participants=rng.randint(40, 80),
                women_participants=rng.randint(12, 30),
                notes="Usulan disepakati sesuai peringkat dan pagu indikatif desa.",
            )
            services.forum_close(actor=None, forum=forum)
        forum = services.forum_open(
            actor=None,
            level=ForumLevel.KECAMATAN,
            area=kecamatan,
            year=year,
            place="Aula kantor camat",
        )
        opds = {o.code: o for o in PerangkatDaerah.objects.filter(kabupaten=kabupaten)}
        ideas = {i[0]: i[8] for i in IDEAS}
        for p in selectors.forum_proposals(forum):
            opd = opds.get(ideas.get(p.title, ""))
            if opd is not None:
                services.proposal_assign_opd(
                    actor=None, forum=forum, proposal=p, opd=opd, programme="Program sesuai Renstra"
                )
    waiting = Proposal.objects.filter(
        village__within=kabupaten.code, year=year, stage=Stage.KECAMATAN
    ).count()
    return f"{made} usulan musrenbang {year}, {waiting} menunggu musrenbang kecamatan"
