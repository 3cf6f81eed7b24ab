"""The minimum SKM sample (Krejcie and Morgan table, PermenPANRB 14/2017)."""

from __future__ import annotations

import pytest

from balai.complaints.skm import KREJCIE_MORGAN, krejcie_morgan, minimum_sample


def test_every_table_row_is_the_rounded_formula():
    for population, sample in KREJCIE_MORGAN:
        assert sample == round(krejcie_morgan(population)), population


@pytest.mark.parametrize(
    ("population", "minimum"),
    [
        (0, 0),
        (7, 7),  # fewer than the table's first row: ask everyone
        (10, 10),
        (100, 80),
        (101, 86),  # between rows: the next row up
        (350, 186),
        (1000, 278),
        (10000, 370),
        (100000, 384),
        (5_000_000, 384),
    ],
)
def test_minimum_sample_of_known_populations(population: int, minimum: int) -> None:
    assert minimum_sample(population) == minimum
