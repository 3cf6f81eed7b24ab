"""Marital status: recorded and unrecorded marriages and divorces on OpenSID's four codes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from balai.registry import codes
from balai.registry.importing.parse import CODE_TABLES


def person(status: int | None, marriage: str = "", divorce: str = "") -> SimpleNamespace:
    return SimpleNamespace(
        marital_status=status, marriage_cert_no=marriage, divorce_cert_no=divorce
    )


@pytest.mark.parametrize(
    ("who", "label"),
    [
        (person(codes.MaritalStatus.MARRIED, marriage="0123/45/VI/2010"), "Kawin Tercatat"),
        (person(codes.MaritalStatus.MARRIED), "Kawin Belum Tercatat"),
        (person(codes.MaritalStatus.MARRIED, marriage="   "), "Kawin Belum Tercatat"),
        (person(codes.MaritalStatus.DIVORCED, divorce="12/Pdt.G/2019"), "Cerai Hidup Tercatat"),
        (person(codes.MaritalStatus.DIVORCED), "Cerai Hidup Belum Tercatat"),
        (person(codes.MaritalStatus.SINGLE, marriage="ignored"), "Belum Kawin"),
        (person(codes.MaritalStatus.WIDOWED), "Cerai Mati"),
        (person(None), ""),
    ],
)
def test_marital_label_tells_recorded_from_unrecorded(who: SimpleNamespace, label: str) -> None:
    assert codes.marital_label(who) == label


def test_dukcapil_labels_import_onto_the_four_codes() -> None:
    table = CODE_TABLES["status_kawin"]
    assert table["KAWINTERCATAT"] == table["KAWINBELUMTERCATAT"] == 2
    assert table["CERAIHIDUPTERCATAT"] == table["CERAIHIDUPBELUMTERCATAT"] == 3
    assert table["BELUMKAWIN"] == 1 and table["CERAIMATI"] == 4
    assert table["2"] == 2
