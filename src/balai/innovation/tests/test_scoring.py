"""The IID formula against hand-computed cases (domain.md §7.2, 2023 method).

Weights are the seeded catalogue's: SPD bobot sum 21 (max 63), SID bobot sum
37 per innovation (max 111), count score 0.38 per innovation capped at 200.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from balai.innovation import catalogue, scoring
from balai.innovation.models import BASIC_URUSAN, IndicatorDef, RuleSet
from balai.innovation.selectors import method_of

D = Decimal
METHOD_2023 = scoring.Method(
    divisor_min=10,
    count_weight=D("0.38"),
    count_cap=200,
    count_max=D("76"),
    total_max=D("250"),
    bands=(
        (D("60.01"), "Sangat Inovatif"),
        (D("35.00"), "Inovatif"),
        (D("0.01"), "Kurang Inovatif"),
    ),
)


def spd(parameter: int | None) -> list[scoring.Row]:
    return [
        scoring.Row(f"{n}{s}", D(w), m, parameter) for n, s, _v, _n, w, m, _p, _e in catalogue.SPD
    ]


def sid(
    parameter: int | None, key: object, *, urusan: str = "", **changes: tuple[int | None, bool]
):
    rows = []
    for n, _s, _v, _n, w, m, _p, _e in catalogue.SID:
        p, proven = changes.get(f"i{n}", (parameter, True))
        rows.append(scoring.Row(str(n), D(w), m, p, proven))
    return scoring.InnovationInput(key, tuple(rows), urusan)


def test_catalogue_maxima() -> None:
    assert sum(D(r[4]) for r in catalogue.SPD) * 3 == 63
    assert sum(D(r[4]) for r in catalogue.SID) * 3 == 111
    assert len(catalogue.SID) == 20 and [r[0] for r in catalogue.SID] == list(range(16, 36))
    assert sorted(r[0] for r in catalogue.SID if r[5]) == [16, 17, 32, 33, 35]
    assert len({r[0] for r in catalogue.SPD}) == 15


def test_fewer_than_ten_innovations_divide_by_ten() -> None:
    # SPD: 21 x 2 = 42. SID: 4 x 111 = 444 / MAX(10, 4) = 44.4; count 4 x 0.38 = 1.52.
    # Total 42 + 44.4 + 1.52 = 87.92; IID = 87.92 / 250 x 100 = 35.168 -> 35.17.
    result = scoring.region_score(METHOD_2023, spd(2), [sid(3, k) for k in range(4)])
    assert result.spd == D("42")
    assert (result.n, result.divisor, result.sid_sum) == (4, 10, D("444"))
    assert result.sid_average == D("44.4")
    assert result.count_score == D("1.52")
    assert result.total == D("87.92")
    assert result.iid == D("35.17")
    assert result.predicate == "Inovatif"


def test_more_than_ten_innovations_divide_by_n() -> None:
    # 6 innovations all 3 (111) + 6 all 1 (37): Σ 888 / MAX(10, 12) = 74; count 12 x 0.38 = 4.56.
    # Total 63 + 74 + 4.56 = 141.56 -> IID 56.624 -> 56.62.
    items = [sid(3, k) for k in range(6)] + [sid(1, k) for k in range(6, 12)]
    result = scoring.region_score(METHOD_2023, spd(3), items)
    assert (result.divisor, result.sid_sum, result.sid_average) == (12, D("888"), D("74"))
    assert result.count_score == D("4.56")
    assert result.total == D("141.56")
    assert result.iid == D("56.62")
    assert result.predicate == "Inovatif"


def test_missing_mandatory_scores_zero_but_stays_in_the_divisor() -> None:
    # Innovation 2 has no proven video (35, mandatory): 0 points, not in the count score,
    # still in n. Innovation 1's replication (31, bobot 3) was rejected: 111 - 9 = 102.
    # Σ = 111 + 102 + 0 = 213 / 10 = 21.3; count 2 x 0.38 = 0.76; SPD 0.
    # Total 22.06 -> IID 8.824 -> 8.82 (Kurang Inovatif).
    items = [sid(3, 0), sid(3, 1, i31=(3, False)), sid(3, 2, i35=(None, True))]
    result = scoring.region_score(METHOD_2023, spd(None), items)
    assert [s.score for s in result.innovations] == [D("111"), D("102"), D("0")]
    assert result.innovations[2].missing_mandatory == ("35",)
    assert (result.n, result.divisor, result.qualifying) == (3, 10, 2)
    assert result.count_score == D("0.76")
    assert result.total == D("22.06")
    assert result.iid == D("8.82")
    assert result.predicate == "Kurang Inovatif"


def test_unproven_mandatory_parameter_counts_as_missing() -> None:
    item = sid(3, 0, i16=(3, False))
    assert scoring.innovation_score(item).missing_mandatory == ("16",)
    assert scoring.innovation_score(item).score == 0


@pytest.mark.parametrize("n", [200, 250])
def test_every_parameter_at_three_scores_one_hundred(n: int) -> None:
    # 63 + 111 x n / n + min(n, 200) x 0.38 (= 76) = 250 -> 100.
    result = scoring.region_score(METHOD_2023, spd(3), [sid(3, k) for k in range(n)])
    assert (result.spd, result.sid_average, result.count_score) == (D("63"), D("111"), D("76"))
    assert result.total == D("250")
    assert result.iid == D("100.00")
    assert result.predicate == "Sangat Inovatif"


def test_nothing_reported_cannot_be_assessed() -> None:
    result = scoring.region_score(METHOD_2023, spd(None), [])
    assert (result.iid, result.divisor, result.predicate) == (D("0.00"), 10, "Tidak Dapat Dinilai")


@pytest.mark.parametrize(
    ("iid", "band"),
    [
        ("100", "Sangat Inovatif"),
        ("60.01", "Sangat Inovatif"),
        ("60.00", "Inovatif"),
        ("35.00", "Inovatif"),
        ("34.99", "Kurang Inovatif"),
        ("0.01", "Kurang Inovatif"),
        ("0.00", "Tidak Dapat Dinilai"),
    ],
)
def test_predicate_bands_2023(iid: str, band: str) -> None:
    assert scoring.predicate(METHOD_2023, D(iid)) == band


def test_later_method_is_data_divisor_bands_and_urusan_rule() -> None:
    # A 2025-style method: MAX(14, n), bands 65.01/40.01, count score only when the
    # innovations cover 6 basic urusan. 12 innovations all 3 in 5 basic urusan:
    # Σ 1332 / 14 = 95.142857...; count 0; SPD 63 -> total 158.142857 -> 63.26 (Inovatif).
    later = scoring.Method(
        divisor_min=14,
        count_weight=D("0.38"),
        count_cap=200,
        count_max=D("76"),
        total_max=D("250"),
        bands=((D("65.01"), "Sangat Inovatif"), (D("40.01"), "Inovatif"), (D("0.01"), "Kurang")),
        min_basic_urusan=6,
        basic_urusan=frozenset(str(u) for u in BASIC_URUSAN),
    )
    five = [str(u) for u in BASIC_URUSAN[:5]]
    items = [sid(3, k, urusan=five[k % 5]) for k in range(12)]
    result = scoring.region_score(later, spd(3), items)
    assert (result.divisor, result.basic_urusan_covered, result.count_score) == (14, 5, 0)
    assert result.iid == D("63.26")
    assert result.predicate == "Inovatif"
    assert result.notes == ("basic_urusan",)
    # The sixth urusan brings the count score back: 13 x 111 = 1443 / 14 = 103.071428...;
    # count 13 x 0.38 = 4.94; total 63 + 103.071428 + 4.94 = 171.011428 -> 68.40.
    items.append(sid(3, 12, urusan=str(BASIC_URUSAN[5])))
    result = scoring.region_score(later, spd(3), items)
    assert result.count_score == D("4.94")
    assert result.iid == D("68.40")
    assert result.predicate == "Sangat Inovatif"


@pytest.mark.django_db
def test_seeded_rule_set_is_the_2023_method() -> None:
    rule_set = RuleSet.objects.get(year=2023)
    assert method_of(rule_set) == METHOD_2023.__class__(
        **{**METHOD_2023.__dict__, "basic_urusan": frozenset(str(u) for u in BASIC_URUSAN)}
    )
    rows = IndicatorDef.objects.filter(rule_set=rule_set)
    assert rows.filter(aspect="spd").count() == 20
    assert rows.filter(aspect="sid").count() == 20
    assert sum(r.weight for r in rows.filter(aspect="spd")) * 3 == rule_set.spd_max
    assert sum(r.weight for r in rows.filter(aspect="sid")) * 3 == rule_set.sid_max
    assert rule_set.spd_max + rule_set.sid_max + rule_set.count_max == rule_set.total_max
