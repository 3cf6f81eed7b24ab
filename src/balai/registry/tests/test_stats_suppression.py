from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import time_machine

from balai.regions.models import Area
from balai.registry import codes
from balai.registry.stats.summary import TOTAL
from balai.registry.stats.suppression import COMPLEMENT, PRIMARY, suppress
from balai.registry.stats.tables import kecamatan_suppression, public_area_stats
from balai.registry.tests.factories import make_resident
from conftest import DESA_PINCARA, KEC_MASAMBA, KEL_KAPPUNA

Key = tuple[str, int]  # (row, column 0=L 1=P 2=T)


def determined(equations: list[dict[object, int]], shown: set[object], hidden: set[object]) -> set:
    """Return the hidden cells whose exact value follows from the shown ones (linear algebra)."""
    unknowns = sorted(hidden, key=repr)
    if not unknowns:
        return set()
    a = np.array([[eq.get(u, 0) for u in unknowns] for eq in equations], dtype=float)
    rank = np.linalg.matrix_rank(a)
    found = set()
    for j, cell in enumerate(unknowns):
        unit = np.zeros((1, len(unknowns)))
        unit[0, j] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.add(cell)
    return found


def table_equations(rows: list[str]) -> tuple[list[list[Key]], list[dict[object, int]]]:
    lines: list[list[Key]] = [[(r, 0), (r, 1), (r, 2)] for r in [*rows, TOTAL]]
    lines += [[*((r, c) for r in rows), (TOTAL, c)] for c in range(3)]
    eqs: list[dict[object, int]] = [{(r, 0): 1, (r, 1): 1, (r, 2): -1} for r in [*rows, TOTAL]]
    eqs += [{**{(r, c): 1 for r in rows}, (TOTAL, c): -1} for c in range(3)]
    return lines, eqs


def test_small_cell_gets_a_complement_in_its_row_and_column() -> None:
    data = {"A": (3, 10), "B": (20, 30), "C": (0, 7)}
    values: dict[Key, int] = {}
    for r, (m, f) in data.items():
        values.update({(r, 0): m, (r, 1): f, (r, 2): m + f})
    values.update({(TOTAL, 0): 23, (TOTAL, 1): 47, (TOTAL, 2): 70})
    lines, eqs = table_equations(list(data))
    hidden = suppress(values, lines, last_resort={(TOTAL, c) for c in range(3)})
    assert hidden[("A", 0)] == PRIMARY
    assert hidden[("A", 1)] == COMPLEMENT  # smallest shown cell of row A
    assert hidden[("B", 0)] == COMPLEMENT  # column L: the only other non-zero cell
    assert not any(k[0] == TOTAL for k in hidden)  # totals stay visible
    for line in lines:
        assert sum(1 for k in line if k in hidden) != 1
    assert determined(eqs, set(values) - set(hidden), set(hidden)) == set()


def test_without_complements_the_small_cell_would_be_recoverable() -> None:
    values = {("A", 0): 3, ("A", 1): 10, ("A", 2): 13, ("B", 0): 20, ("B", 1): 30}
    values.update({("B", 2): 50, (TOTAL, 0): 23, (TOTAL, 1): 40, (TOTAL, 2): 63})
    _lines, eqs = table_equations(["A", "B"])
    assert determined(eqs, set(values) - {("A", 0)}, {("A", 0)}) == {("A", 0)}


def test_zero_is_shown_and_large_cells_are_untouched() -> None:
    values = {("A", 0): 0, ("A", 1): 12, ("A", 2): 12, (TOTAL, 0): 0, (TOTAL, 1): 12}
    values[(TOTAL, 2)] = 12
    lines, _eqs = table_equations(["A"])
    assert suppress(values, lines) == {}


@pytest.mark.django_db
@pytest.mark.usefixtures("tree")
@time_machine.travel(date(2025, 6, 15), tick=False)
def test_kecamatan_and_village_pages_cannot_be_subtracted_from_each_other() -> None:
    hindu = codes.Religion.HINDU
    for i in range(3):  # 3 Hindu men in Pincara: a small cell
        make_resident(DESA_PINCARA, religion=hindu, birth_date=date(1980, 1, 1 + i))
    for i in range(9):
        make_resident(DESA_PINCARA, religion=codes.Religion.ISLAM, birth_date=date(1970, 2, 1 + i))
        make_resident(KEL_KAPPUNA, religion=hindu, birth_date=date(1985, 3, 1 + i))
        make_resident(
            KEL_KAPPUNA, sex=codes.Sex.FEMALE, religion=hindu, birth_date=date(1986, 4, 1 + i)
        )
    for i in range(6):  # not all of Kappuna's men are Hindu (else its total gives them away)
        make_resident(KEL_KAPPUNA, religion=codes.Religion.ISLAM, birth_date=date(1990, 5, 1 + i))
    areas, hidden = kecamatan_suppression(KEC_MASAMBA)
    assert hidden[(DESA_PINCARA, "religion", hindu, 0)] == PRIMARY
    # Kecamatan Hindu men = 12 and Kappuna = 9 are both >= 5, yet showing both would
    # give Pincara's 3 by subtraction: one of them must be hidden too.
    assert (KEC_MASAMBA, "religion", hindu, 0) in hidden or (
        KEL_KAPPUNA,
        "religion",
        hindu,
        0,
    ) in hidden

    values: dict[object, int] = {}
    equations: list[dict[object, int]] = []
    villages = [c for c in areas if c != KEC_MASAMBA]
    keys = {(d, v) for counts in areas.values() for d, vs in counts.items() for v in vs}
    for code, counts in areas.items():
        for d, vs in counts.items():
            for v, (m, f) in vs.items():
                values.update({(code, d, v, 0): m, (code, d, v, 1): f, (code, d, v, 2): m + f})
        for d, v in keys:
            equations.append({(code, d, v, 0): 1, (code, d, v, 1): 1, (code, d, v, 2): -1})
        for dim in {d for d, _v in keys if d != TOTAL}:
            for c in range(3):
                eq = {(code, d, v, c): 1 for d, v in keys if d == dim}
                equations.append({**eq, (code, TOTAL, 0, c): -1})
    for d, v in keys:
        for c in range(3):
            eq = {(code, d, v, c): 1 for code in villages}
            equations.append({**eq, (KEC_MASAMBA, d, v, c): -1})
    assert determined(equations, set(values) - set(hidden), set(hidden)) == set()

    page = public_area_stats(Area.objects.get(code=DESA_PINCARA))
    religion = {r.value: r for r in page.table("religion").rows}
    assert religion[hindu].shown("male") == "<5"
    assert religion[hindu].share is None
    assert page.population.shown("male") == "12"
