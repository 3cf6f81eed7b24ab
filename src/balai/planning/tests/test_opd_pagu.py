"""Bappeda's pagu indikatif per OPD and the ranking of each OPD's proposals under it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from balai.accounts.roles import Office, Role
from balai.planning import selectors, services
from balai.planning.models import (
    CriterionBasis,
    ForumLevel,
    OpdPagu,
    PerangkatDaerah,
    Proposal,
    Stage,
)
from balai.regions.models import Area
from conftest import KAB_LUTRA, KEC_MASAMBA, login

from .conftest import YEAR, submit

pytestmark = pytest.mark.django_db

JT = 1_000_000


def forwarded(pincara: Area) -> tuple[PerangkatDaerah, PerangkatDaerah, dict[str, Proposal]]:
    """Carry four proposals of Pincara to the kabupaten: a, b, d to PUPR, c to Dinkes."""
    kab = Area.objects.get(code=KAB_LUTRA)
    kec = Area.objects.get(code=KEC_MASAMBA)
    services.criterion_add(
        actor=None, kabupaten=kab, name="Penerima", basis=CriterionBasis.BENEFICIARIES, weight=1
    )
    pu = services.opd_add(
        actor=None, kabupaten=kab, code="1.03", name="Dinas PUPR", office=Office.LAINNYA
    )
    dinkes = services.opd_add(
        actor=None, kabupaten=kab, code="1.02", name="Dinas Kesehatan", office=Office.DINKES
    )
    services.pagu_set(actor=None, area=kec, year=YEAR, amount=Decimal(2_000 * JT))
    specs = {  # title: (cost in juta, beneficiaries)
        "a": ("Jembatan gantung", 600, 500),
        "b": ("Jalan poros kecamatan", 500, 300),
        "c": ("Puskesmas pembantu", 300, 100),
        "d": ("Drainase pasar", 100, 50),
    }
    made = {
        key: submit(
            pincara,
            title=title,
            estimated_cost=Decimal(cost * JT),
            beneficiaries=ben,
            village_authority=False,
        )
        for key, (title, cost, ben) in specs.items()
    }
    desa = services.forum_open(actor=None, level=ForumLevel.DESA, area=pincara, year=YEAR)
    for p in made.values():
        services.proposal_decide_desa(actor=None, forum=desa, proposal=p, decision="forward")
    forum = services.forum_open(actor=None, level=ForumLevel.KECAMATAN, area=kec, year=YEAR)
    for key, p in made.items():
        services.proposal_assign_opd(
            actor=None,
            forum=forum,
            proposal=Proposal.objects.get(pk=p.pk),
            opd=dinkes if key == "c" else pu,
            programme="Program",
        )
    services.forum_close(actor=None, forum=forum)  # 1,500 jt of 2,000 jt: all go on
    out = {key: Proposal.objects.get(pk=p.pk) for key, p in made.items()}
    assert {p.stage for p in out.values()} == {Stage.KABUPATEN}
    return pu, dinkes, out


def test_each_opd_ranks_its_waiting_proposals_under_its_pagu(pincara: Area) -> None:
    pu, dinkes, p = forwarded(pincara)
    services.opd_pagu_set(actor=None, opd=pu, year=YEAR, amount=Decimal(900 * JT))
    services.opd_pagu_set(actor=None, opd=pu, year=YEAR, amount=Decimal(1_000 * JT), note="KUA")
    assert OpdPagu.objects.get().amount == Decimal(1_000 * JT)  # one row, changed
    entry = LogEntry.objects.filter(additional_data__event="planning.opd_pagu_set").latest("pk")
    assert (entry.additional_data["before"], entry.additional_data["amount"]) == (
        "900000000.00",
        "1000000000",
    )

    # PUPR: nothing accepted yet; beneficiaries a 500, b 300, d 50 over the PUPR table
    # -> a 5, b 1 + 4 x 250/450 = 3.222, d 1. Greedy under 1,000 jt: a (600) fits,
    # b (600 + 500) does not, d (700) fits.
    first = {g.opd.pk: g for g in selectors.opd_rankings(kabupaten=KAB_LUTRA, year=YEAR)}
    assert [(r.item.code, r.score, r.fits) for r in first[pu.pk].result.rows] == [
        (p["a"].code, Decimal("5.000"), True),
        (p["b"].code, Decimal("3.222"), False),
        (p["d"].code, Decimal("1.000"), True),
    ]
    assert (first[pu.pk].accepted, first[pu.pk].result.used) == (0, Decimal(700 * JT))
    # Dinkes has no pagu: its one proposal is ranked, nothing is marked as fitting.
    assert first[dinkes.pk].pagu is None
    assert [(r.item.code, r.fits) for r in first[dinkes.pk].result.rows] == [(p["c"].code, False)]

    # PUPR accepts d: its 100 jt is used first; 900 jt is left for a (600) and b (500).
    services.opd_answer(
        actor=None, opd=pu, proposal=p["d"], accepted=True, programme="Pasar", activity="Drainase"
    )
    after = {g.opd.pk: g for g in selectors.opd_rankings(kabupaten=KAB_LUTRA, year=YEAR)}[pu.pk]
    assert (after.accepted, after.available) == (Decimal(100 * JT), Decimal(900 * JT))
    assert [(r.item.code, r.fits) for r in after.result.rows] == [
        (p["a"].code, True),
        (p["b"].code, False),
    ]
    assert after.result.remaining == Decimal(300 * JT)


def test_bappeda_sets_opd_pagu_and_the_pages_show_what_fits(make_user, pincara: Area) -> None:
    pu, _dinkes, p = forwarded(pincara)
    bappeda = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA)
    dinkes_staff = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINKES)
    url = f"/perencanaan/kabupaten/{KAB_LUTRA}/pengaturan/"
    form = {"form": "opd_pagu", "opd": str(pu.pk), "year": str(YEAR), "note": "KUA-PPAS"}

    assert login(dinkes_staff).post(url, {**form, "amount": "1000000000"}).status_code == 403
    bad = login(bappeda).post(url, {**form, "amount": "satu miliar"})
    assert bad.status_code == 200
    assert "Tulis angka rupiah" in bad.content.decode()
    assert not OpdPagu.objects.exists()
    ok = login(bappeda).post(url, {**form, "amount": "1000000000"})
    assert ok.status_code == 302
    assert list(OpdPagu.objects.values_list("opd__code", "year", "amount", "note")) == [
        ("1.03", YEAR, Decimal(1_000 * JT), "KUA-PPAS")
    ]
    wrong_opd = login(bappeda).post(url, {**form, "opd": "999999", "amount": "5"})
    assert wrong_opd.status_code == 200  # not a choice: a field error, nothing saved
    assert OpdPagu.objects.count() == 1

    kab_forum = services.forum_open(
        actor=None, level=ForumLevel.KABUPATEN, area=Area.objects.get(code=KAB_LUTRA), year=YEAR
    )
    page = login(bappeda).get(f"/perencanaan/musrenbang/{kab_forum.pk}/").content.decode()
    assert page.count('data-testid="opd-group"') == 2
    assert "Pagu OPD: Rp1.000.000.000" in page
    assert "Pagu indikatif OPD ini belum ditetapkan Bappeda." in page
    assert page.count('data-testid="rank-row"') == 4
    home = login(bappeda).get(f"/perencanaan/kabupaten/{KAB_LUTRA}/?tahun={YEAR}")
    assert home.content.decode().count('data-testid="opd-rank-row"') == 4
    queue = login(dinkes_staff).get(f"/perencanaan/opd/?tahun={YEAR}").content.decode()
    assert queue.count('data-testid="opd-rank-row"') == 1  # Dinkes' own proposal only
    assert p["c"].code in queue and p["a"].code not in queue


def test_accommodated_shares_per_village_and_kecamatan_read_the_facts(
    pincara: Area, pattimang: Area
) -> None:
    from balai.indicators.services import indicator_refresh_dirty

    road = submit(pincara)
    submit(pincara, title="Sumur bor")
    gone = submit(pincara, title="Lampu jalan")
    submit(pattimang, title="Talud")
    forum = services.forum_open(actor=None, level=ForumLevel.DESA, area=pincara, year=YEAR)
    services.proposal_decide_desa(actor=None, forum=forum, proposal=road, decision="accept")
    services.proposal_withdraw(actor=None, proposal=gone, reason="Sudah ada")
    # Before the engine refreshes, the pages show no figures of their own making.
    assert [
        (s.total, s.accommodated)
        for s in selectors.accommodation(area_code=KAB_LUTRA, year=YEAR)
        if s.total
    ] == []
    indicator_refresh_dirty()
    shares = {
        s.label: (s.accommodated, s.total)
        for s in selectors.accommodation(area_code=KAB_LUTRA, year=YEAR)
    }
    # Masamba: Pincara 1 of 2 (the withdrawn one does not count); Malangke: Pattimang 0 of 1.
    assert shares["Masamba"] == (1, 2)
    assert shares["Malangke"] == (0, 1)
    kec = Area.objects.get(code=KEC_MASAMBA)
    by_village = {
        s.area.code: (s.share.accommodated, s.share.total)
        for s in selectors.village_summaries(area=kec, year=YEAR)
    }
    assert by_village[pincara.code] == (1, 2)
