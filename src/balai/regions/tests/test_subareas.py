from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from balai.core.errors import DomainError
from balai.regions.models import Area, Level
from balai.regions.services import subarea_create, subarea_deactivate, subarea_update
from conftest import DESA_PATTIMANG, DESA_PINCARA, KEC_MASAMBA, KEL_KAPPUNA


@pytest.mark.django_db
def test_next_number_is_taken_and_code_extends_parent(tree: None) -> None:
    dusun = Area.objects.get(code=f"{DESA_PINCARA}.01")
    rt = subarea_create(actor=None, parent=dusun, level=Level.RT)
    assert rt.code == f"{DESA_PINCARA}.01.003"
    assert rt.name == "RT 003"
    assert rt.timezone == dusun.timezone


@pytest.mark.django_db
def test_explicit_number_that_is_taken_is_refused(tree: None) -> None:
    dusun = Area.objects.get(code=f"{DESA_PINCARA}.01")
    with pytest.raises(DomainError, match="sudah ada") as caught:
        subarea_create(actor=None, parent=dusun, level=Level.RT, number=1)
    assert caught.value.field_errors == {"number": ["Nomor ini sudah dipakai."]}


@pytest.mark.parametrize(
    ("parent_code", "level"),
    [(KEC_MASAMBA, Level.DUSUN), (DESA_PINCARA, Level.RT), (f"{DESA_PINCARA}.01.001", Level.RT)],
)
@pytest.mark.django_db
def test_area_cannot_hang_under_the_wrong_level(tree: None, parent_code: str, level: str) -> None:
    parent = Area.objects.get(code=parent_code)
    before = Area.objects.count()
    with pytest.raises(DomainError, match="tidak bisa berada"):
        subarea_create(actor=None, parent=parent, level=level)
    assert Area.objects.count() == before


@pytest.mark.django_db
def test_number_out_of_range_is_refused(tree: None) -> None:
    village = Area.objects.get(code=DESA_PATTIMANG)
    with pytest.raises(DomainError, match="antara 1 dan 99"):
        subarea_create(actor=None, parent=village, level=Level.DUSUN, number=100)


@pytest.mark.django_db
def test_rename_logs_before_and_after(tree: None) -> None:
    rw = Area.objects.get(code=f"{KEL_KAPPUNA}.001")
    subarea_update(actor=None, area=rw, name="  RW   Melati ")
    rw.refresh_from_db()
    assert rw.name == "RW Melati"
    entry = LogEntry.objects.get_for_object(rw).filter(action=LogEntry.Action.UPDATE).latest()
    assert entry.changes_dict["name"] == ["RW 001", "RW Melati"]


@pytest.mark.django_db
def test_kemendagri_areas_cannot_be_renamed_or_retired_here(tree: None) -> None:
    village = Area.objects.get(code=DESA_PINCARA)
    with pytest.raises(DomainError):
        subarea_update(actor=None, area=village, name="Lain")
    with pytest.raises(DomainError):
        subarea_deactivate(actor=None, area=village)
    village.refresh_from_db()
    assert village.name == "Pincara"
    assert village.is_active


@pytest.mark.django_db
def test_deactivating_a_dusun_retires_its_rts(tree: None) -> None:
    dusun = Area.objects.get(code=f"{DESA_PINCARA}.01")
    subarea_deactivate(actor=None, area=dusun)
    assert not Area.objects.filter(code__within=dusun.code, is_active=True).exists()
    assert Area.objects.filter(code__within=dusun.code).count() == 3


@pytest.mark.django_db
def test_rw_and_rt_under_one_dusun_never_share_a_code(tree: None) -> None:
    dusun = Area.objects.get(code=f"{DESA_PINCARA}.01")  # already has RT 001 and RT 002
    rw = subarea_create(actor=None, parent=dusun, level=Level.RW)
    assert rw.code == f"{DESA_PINCARA}.01.003"
    with pytest.raises(DomainError, match="sudah ada"):
        subarea_create(actor=None, parent=dusun, level=Level.RW, number=1)
