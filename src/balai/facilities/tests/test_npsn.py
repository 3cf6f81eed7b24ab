"""NPSN on service points: 8 digits, unique, schools and PKBM only; nothing saved otherwise."""

from __future__ import annotations

import pytest

from balai.core.errors import DomainError
from balai.facilities.models import PointKind, ServicePoint
from balai.facilities.services import servicepoint_create, servicepoint_update
from balai.regions.models import Area
from conftest import DESA_PINCARA

pytestmark = pytest.mark.django_db


def test_npsn_is_checked_and_bad_ones_save_nothing(tree: None) -> None:
    village = Area.objects.get(code=DESA_PINCARA)
    sd = servicepoint_create(
        actor=None, village=village, kind=PointKind.SD, name="SD 1", npsn="40300002"
    )
    assert sd.npsn == "40300002"
    for kind, name, npsn, message in (
        (PointKind.SD, "SD 2", "4030000", "8 angka"),
        (PointKind.SD, "SD 3", "4030000X", "8 angka"),
        (PointKind.SMP, "SMP 1", "40300002", "sudah dipakai"),
        (PointKind.PUSKESMAS, "Puskesmas", "40300009", "hanya untuk sekolah"),
    ):
        with pytest.raises(DomainError) as info:
            servicepoint_create(actor=None, village=village, kind=kind, name=name, npsn=npsn)
        assert message in (info.value.message + str(info.value.field_errors))
    assert ServicePoint.objects.count() == 1
    with pytest.raises(DomainError):
        servicepoint_update(actor=None, point=sd, npsn="123")
    sd.refresh_from_db()
    assert sd.npsn == "40300002"


def test_the_form_saves_an_npsn(tree: None, make_user) -> None:
    from balai.accounts.roles import Role
    from conftest import login

    operator = make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA)
    response = login(operator).post(
        "/sarana/tambah/",
        {
            "village": DESA_PINCARA,
            "kind": "sd",
            "name": "SD Inpres",
            "npsn": "40311111",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert ServicePoint.objects.get(name="SD Inpres").npsn == "40311111"
