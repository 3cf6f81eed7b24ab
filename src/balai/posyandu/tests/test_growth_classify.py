"""Tests for the Permenkes 2/2020 nutrition status bands."""

from __future__ import annotations

import numpy as np
import pytest

from balai.posyandu.growth import (
    STATUS_LABELS,
    classify_bbtb,
    classify_bbu,
    classify_imtu,
    classify_tbu,
    compute_zscores,
    status_label,
    status_labels,
)

BOUNDARIES = [-3.01, -3.0, -2.01, -2.0, 0.0, 1.0, 1.01, 2.0, 2.01, 3.0, 3.01]


def test_tbu_bands_sangat_pendek_pendek_normal_tinggi():
    assert classify_tbu(BOUNDARIES).tolist() == [
        "sangat_pendek",
        "pendek",
        "pendek",
        "normal",
        "normal",
        "normal",
        "normal",
        "normal",
        "normal",
        "normal",
        "tinggi",
    ]


def test_bbu_bands_with_risk_of_overweight_above_plus_1():
    assert classify_bbu(BOUNDARIES).tolist() == [
        "bb_sangat_kurang",
        "bb_kurang",
        "bb_kurang",
        "bb_normal",
        "bb_normal",
        "bb_normal",
        "risiko_bb_lebih",
        "risiko_bb_lebih",
        "risiko_bb_lebih",
        "risiko_bb_lebih",
        "risiko_bb_lebih",
    ]


@pytest.mark.parametrize("classify", [classify_bbtb, classify_imtu])
def test_bbtb_and_imtu_bands_from_gizi_buruk_to_obesitas(classify):
    assert classify(BOUNDARIES).tolist() == [
        "gizi_buruk",
        "gizi_kurang",
        "gizi_kurang",
        "gizi_baik",
        "gizi_baik",
        "gizi_baik",
        "berisiko_gizi_lebih",
        "berisiko_gizi_lebih",
        "gizi_lebih",
        "gizi_lebih",
        "obesitas",
    ]


@pytest.mark.parametrize("classify", [classify_tbu, classify_bbu, classify_bbtb, classify_imtu])
def test_no_zscore_gives_empty_status(classify):
    assert classify([np.nan]).tolist() == [""]


def test_every_code_has_an_indonesian_label():
    codes = set()
    for classify in (classify_tbu, classify_bbu, classify_bbtb, classify_imtu):
        codes.update(classify(np.linspace(-7, 7, 1401)).tolist())
    assert codes == set(STATUS_LABELS)
    assert status_label("pendek") == "Pendek"
    assert status_label("bb_sangat_kurang") == "Berat badan sangat kurang"
    assert status_label("berisiko_gizi_lebih") == "Berisiko gizi lebih"
    assert status_label("") == ""


def test_status_labels_maps_arrays_of_codes():
    labels = status_labels(classify_bbtb([-3.5, 0.0, 3.5, np.nan]))
    assert labels.tolist() == ["Gizi buruk", "Gizi baik", "Obesitas", ""]


def test_stunted_check_value_is_pendek():
    res = compute_zscores(2, age_days=731, lenhei_cm=77.5)
    assert res.zlen.tolist() == [-2.55]
    assert classify_tbu(res.zlen).tolist() == ["pendek"]


def test_classification_is_vectorised_over_a_million_values():
    z = np.random.default_rng(1).normal(0, 2, 1_000_000)
    codes = classify_bbtb(z)
    assert codes.shape == z.shape
    assert (codes[z < -3] == "gizi_buruk").all()
    assert (codes[z > 3] == "obesitas").all()
