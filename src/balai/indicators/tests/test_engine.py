"""The engine: periods, refresh and stale marks, roll-up as sums, targets, status, trend."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from balai.core.errors import DomainError
from balai.indicators import registry
from balai.indicators.models import DirtyFact, IndicatorFact, IndicatorTarget
from balai.indicators.periods import Period, parse_period, period_of
from balai.indicators.selectors import (
    Target,
    check_period,
    fact_sums,
    format_number,
    indicator_table,
    status_of,
    trend_of,
)
from balai.indicators.services import (
    indicator_refresh,
    indicator_refresh_dirty,
    indicator_target_save,
    mark_changed,
    rollup_rebuild,
)
from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, KEL_KAPPUNA

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
MARCH = Period("M", date(2026, 3, 1))


def test_period_keys_dhis2_names_and_parsing() -> None:
    assert [
        p.key for p in (MARCH, Period("Q", date(2026, 10, 1)), Period("Y", date(2026, 1, 1)))
    ] == [
        "2026-03",
        "2026-Q4",
        "2026",
    ]
    assert [parse_period(k).dhis2 for k in ("2026-11", "2026-Q4", "2026", "202611", "2026q4")] == [
        "202611",
        "2026Q4",
        "2026",
        "202611",
        "2026Q4",
    ]
    assert Period("Q", date(2026, 1, 1)).previous() == Period("Q", date(2025, 10, 1))
    assert MARCH.end == date(2026, 3, 31) and MARCH.label == "Maret 2026"
    assert period_of(date(2026, 8, 17), "Q").label == "Triwulan III 2026"
    start, end = MARCH.bounds("Asia/Makassar")
    assert (start, end) == (
        datetime(2026, 3, 1, tzinfo=WITA),
        datetime(2026, 4, 1, tzinfo=WITA),
    )
    for bad in ("2026-13", "26-03", "2026-Q5", "maret", "1999"):
        with pytest.raises(DomainError, match="tidak dikenal"):
            parse_period(bad)


def test_status_bands_and_trend_follow_the_direction() -> None:
    at_least = Target(100.0, "ge", 5.0, "bawaan")
    assert [status_of(v, at_least) for v in (100.0, 96.0, 95.0, 94.9, None)] == [
        "met",
        "near",
        "near",
        "not_met",
        None,
    ]
    at_most = Target(14.0, "le", 2.0, "bawaan")
    assert [status_of(v, at_most) for v in (13.9, 14.0, 15.5, 16.1)] == [
        "met",
        "met",
        "near",
        "not_met",
    ]
    assert trend_of(20.0, 22.0, "le") == "better" and trend_of(20.0, 22.0, "ge") == "worse"
    assert trend_of(5.0, 5.0, "ge") == "same" and trend_of(5.0, None, "ge") is None
    assert format_number(1234.56, 1) == "1.234,6" and format_number(None) == "—"


def _informasi_facts() -> None:
    """Publish a catalogue and adopt parts of it in two villages (through services)."""
    from balai.letters.models import ServiceStandard
    from balai.letters.services.standards import catalogue_seed, standard_adopt

    kabupaten = Area.objects.get(code=KAB_LUTRA)
    catalogue_seed(actor=None, kabupaten=kabupaten)
    sources = list(ServiceStandard.objects.filter(area=kabupaten).order_by("id"))
    for source in sources[:3]:
        standard_adopt(actor=None, village=Area.objects.get(code=DESA_PINCARA), source=source)
    standard_adopt(actor=None, village=Area.objects.get(code=KEL_KAPPUNA), source=sources[0])


def test_roll_up_is_the_sum_of_village_numerators_and_denominators(tree: None) -> None:
    _informasi_facts()
    with time_machine.travel(datetime(2026, 3, 20, 9, tzinfo=WITA), tick=False):
        indicator_refresh(codes=["spm.informasi"], periods=[MARCH])
    villages = {
        code: (n, d)
        for (_c, _t, _s, code), (n, d) in fact_sums(
            codes=["spm.informasi"], periods=[MARCH], within=KEC_MASAMBA, length=13
        ).items()
    }
    catalogue = villages[DESA_PINCARA][1]
    assert villages[DESA_PINCARA] == (3, catalogue) and villages[KEL_KAPPUNA] == (1, catalogue)
    (kec,) = fact_sums(
        codes=["spm.informasi"], periods=[MARCH], within=KEC_MASAMBA, length=8
    ).values()
    assert kec == (sum(n for n, _d in villages.values()), sum(d for _n, d in villages.values()))
    table = indicator_table(
        indicators=[registry.get("spm.informasi")],
        area=Area.objects.get(code=KAB_LUTRA),
        periods=[MARCH],
        children=True,
    )
    masamba = table.cell(KEC_MASAMBA, "spm.informasi", MARCH)
    assert (masamba.num, masamba.den) == kec
    assert masamba.value == pytest.approx(100 * kec[0] / kec[1])


def test_roll_up_never_averages_percentages(tree: None) -> None:
    def put(code: str, num: int, den: int) -> None:
        IndicatorFact.objects.create(
            indicator="spm.surat", area_id=code, period_type="M", period_start=MARCH.start,
            numerator=num, denominator=den, computed_at=datetime(2026, 3, 20, tzinfo=WITA),
        )  # fmt: skip

    put(DESA_PINCARA, 1, 1)  # 100%
    put(KEL_KAPPUNA, 1, 3)  # 33.3%
    rollup_rebuild()  # facts written outside the refresh
    table = indicator_table(
        indicators=[registry.get("spm.surat")],
        area=Area.objects.get(code=KEC_MASAMBA),
        periods=[MARCH],
    )
    masamba = table.cell(KEC_MASAMBA, "spm.surat", MARCH)
    assert (masamba.num, masamba.den) == (2, 4)
    assert masamba.value == 50.0  # not (100 + 33.3) / 2
    assert masamba.display == "50,0%"


def test_refresh_upserts_and_deletes_facts_that_fell_to_zero(tree: None) -> None:
    _informasi_facts()
    with time_machine.travel(datetime(2026, 3, 20, 9, tzinfo=WITA), tick=False):
        first = indicator_refresh(codes=["spm.informasi"], periods=[MARCH])
        again = indicator_refresh(codes=["spm.informasi"], periods=[MARCH])
    rows = IndicatorFact.objects.filter(indicator="spm.informasi")
    assert first.written == again.written == rows.count() > 0
    assert again.deleted == 0
    outside = Area.objects.filter(code__startswith="73.17.", level="desa_kelurahan").first()
    assert outside is not None  # a village of a kabupaten with no catalogue
    IndicatorFact.objects.create(
        indicator="spm.informasi", area=outside, period_type="M", period_start=MARCH.start,
        numerator=5, denominator=5, computed_at=datetime(2026, 3, 1, tzinfo=WITA),
    )  # fmt: skip
    rows.filter(area_id=DESA_PATTIMANG).update(numerator=99)
    with time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=WITA), tick=False):
        indicator_refresh(codes=["spm.informasi"], periods=[MARCH])
    assert rows.get(area_id=DESA_PATTIMANG).numerator == 0
    assert not rows.filter(area=outside).exists()


def test_stock_indicators_are_not_recomputed_for_a_past_period(tree: None) -> None:
    _informasi_facts()
    with time_machine.travel(datetime(2026, 4, 2, 9, tzinfo=WITA), tick=False):
        report = indicator_refresh(codes=["spm.informasi"], periods=[MARCH])
    assert report.periods == 0
    assert not IndicatorFact.objects.filter(indicator="spm.informasi").exists()


def test_a_write_marks_facts_stale_and_the_task_on_commit_refreshes_them(
    tree: None, django_capture_on_commit_callbacks: Any
) -> None:
    from balai.letters.models import ServiceStandard
    from balai.letters.services.standards import catalogue_seed, standard_adopt

    with time_machine.travel(datetime(2026, 3, 20, 9, tzinfo=WITA), tick=False):
        catalogue_seed(actor=None, kabupaten=Area.objects.get(code=KAB_LUTRA))
        indicator_refresh_dirty()
        source = ServiceStandard.objects.filter(area_id=KAB_LUTRA).order_by("id").first()
        assert source is not None
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            standard_adopt(actor=None, village=Area.objects.get(code=DESA_PINCARA), source=source)
        assert callbacks  # the refresh task, enqueued on commit (immediate backend here)
        fact = IndicatorFact.objects.get(
            indicator="spm.informasi", area_id=DESA_PINCARA, period_start=MARCH.start
        )
    assert fact.numerator == 1
    assert not DirtyFact.objects.exists()


def test_mark_changed_coalesces_repeated_marks(tree: None) -> None:
    for _ in range(3):
        mark_changed("letters.request", f"{DESA_PINCARA}.01.001", [date(2026, 3, 5)])
    codes = {i.code for i in registry.reading("letters.request")}
    assert set(DirtyFact.objects.values_list("indicator", flat=True)) == codes
    assert DirtyFact.objects.count() == len(codes)  # one mark per indicator and month
    assert set(DirtyFact.objects.values_list("village", flat=True)) == {DESA_PINCARA}
    assert mark_changed("nothing.reads.this", DESA_PINCARA) == 0


def test_targets_kabupaten_beats_national_beats_declared_default(tree: None) -> None:
    stunting = registry.get("posyandu.stunting")
    kab = Area.objects.get(code=KAB_LUTRA)
    village = Area.objects.get(code=DESA_PINCARA)

    def target() -> Target | None:
        return (
            indicator_table(indicators=[stunting], area=village, periods=[MARCH])
            .cell(DESA_PINCARA, stunting.code, MARCH)
            .target
        )

    assert target() == Target(14.0, "le", 2.0, "bawaan")
    indicator_target_save(
        actor=None, indicator=stunting.code, area=None, year=2026, value=Decimal("18.8"),
        direction="le", near_band=Decimal("1"),
    )  # fmt: skip
    assert target() == Target(18.8, "le", 1.0, "nasional")
    indicator_target_save(
        actor=None, indicator=stunting.code, area=kab, year=2026, value=Decimal("12"),
        direction="le", near_band=Decimal("2"), basis="Perbup 5/2026",
    )  # fmt: skip
    assert target() == Target(12.0, "le", 2.0, "kabupaten")
    other_kab = indicator_table(
        indicators=[stunting], area=Area.objects.get(code="73.17"), periods=[MARCH]
    ).cell("73.17", stunting.code, MARCH)
    assert other_kab.target == Target(18.8, "le", 1.0, "nasional")
    assert IndicatorTarget.objects.count() == 2
    with pytest.raises(DomainError):
        indicator_target_save(
            actor=None, indicator=stunting.code, area=village, year=2026, value=Decimal("10"),
            direction="le", near_band=Decimal("1"),
        )  # fmt: skip
    assert IndicatorTarget.objects.count() == 2


def test_period_outside_the_data_is_refused_in_indonesian(tree: None) -> None:
    spm = registry.resolve(["spm.surat"])
    with pytest.raises(DomainError, match="belum dihitung"):
        check_period(spm, MARCH, date(2026, 3, 20))
    IndicatorFact.objects.create(
        indicator="spm.surat", area_id=DESA_PINCARA, period_type="M",
        period_start=date(2026, 2, 1), numerator=1, denominator=2,
        computed_at=datetime(2026, 3, 1, tzinfo=WITA),
    )  # fmt: skip
    check_period(spm, MARCH, date(2026, 3, 20))
    with pytest.raises(DomainError, match="di luar data"):
        check_period(spm, Period("M", date(2025, 1, 1)), date(2026, 3, 20))
    with pytest.raises(DomainError, match="belum dimulai"):
        check_period(spm, Period("M", date(2026, 4, 1)), date(2026, 3, 20))
    with pytest.raises(DomainError, match="tidak dihitung per"):
        check_period(spm, Period("Q", date(2026, 1, 1)), date(2026, 3, 20))


def test_refresh_command_reports_and_refuses_unknown_input(tree: None) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    _informasi_facts()
    out = StringIO()
    with time_machine.travel(datetime(2026, 3, 20, 9, tzinfo=WITA), tick=False):
        call_command("indicators", "refresh", "--indicator", "spm.informasi", stdout=out)
    assert "1 indikator, 1 periode" in out.getvalue()
    assert IndicatorFact.objects.filter(indicator="spm.informasi", area_id=DESA_PINCARA).exists()
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("indicators", "refresh", "--indicator", "tidak.ada")
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("indicators", "refresh", "--period", "2026-13")
