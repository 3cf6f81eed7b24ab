"""Tests for rounding half away from zero at 2 decimals."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from balai.posyandu.growth import round_half_away


def decimal_reference(x: float, places: int = 2) -> float:
    """Round the shortest decimal form of *x* (its repr) half away from zero."""
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(x)).quantize(quantum, rounding=ROUND_HALF_UP)) + 0.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.005, 1.01),  # stored as 1.00499999999999989..., printed "1.005"
        (-1.005, -1.01),
        (2.675, 2.68),
        (0.285, 0.29),
        (1.015, 1.02),
        (0.125, 0.13),  # an exact binary tie
        (-0.125, -0.13),
        (0.135, 0.14),
        (1.004999999999999, 1.0),
        (3.0, 3.0),
        (-2.0, -2.0),
        (12.455, 12.46),
    ],
)
def test_rounds_halves_away_from_zero_as_written(value, expected):
    assert round_half_away(value).item() == expected


def test_textbook_floor_trick_is_wrong_where_ours_is_right():
    naive = math.floor(1.005 * 100 + 0.5) / 100
    assert naive == 1.0
    assert round_half_away(1.005).item() == 1.01


def test_small_negatives_round_to_positive_zero():
    out = round_half_away([-0.001, -0.004999])
    assert out.tolist() == [0.0, 0.0]
    assert not np.signbit(out).any()


def test_nan_and_infinity_pass_through():
    out = round_half_away([math.nan, math.inf, -math.inf])
    assert math.isnan(out[0])
    assert out[1:].tolist() == [math.inf, -math.inf]


def test_matches_decimal_on_every_half_way_point_and_its_neighbours():
    halves = (2 * np.arange(-3000, 3000) + 1) / 200.0  # -14.995 ... 14.995
    values = np.concatenate([halves, np.nextafter(halves, np.inf), np.nextafter(halves, -np.inf)])
    expected = [decimal_reference(v) for v in values.tolist()]
    assert round_half_away(values).tolist() == expected


def test_matches_decimal_on_random_values():
    rng = np.random.default_rng(42)
    values = np.concatenate(
        [rng.uniform(-20, 20, 50_000), np.round(rng.uniform(-20, 20, 50_000), 3)]
    )
    expected = [decimal_reference(v) for v in values.tolist()]
    assert round_half_away(values).tolist() == expected


def test_other_numbers_of_decimals():
    assert round_half_away([0.5, 1.5, 2.5, -0.5], 0).tolist() == [1.0, 2.0, 3.0, -1.0]
    assert round_half_away(1.0005, 3).item() == 1.001
    with pytest.raises(ValueError, match="decimals"):
        round_half_away(1.0, -1)


def test_results_are_the_doubles_nearest_to_their_two_decimal_form():
    values = round_half_away(np.arange(-1000, 1000) / 100.0 + 0.004)
    assert all(v == float(f"{v:.2f}") for v in values.tolist())
