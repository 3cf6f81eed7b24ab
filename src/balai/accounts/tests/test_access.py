from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from balai.accounts import access
from balai.accounts.models import RoleAssignment
from balai.accounts.roles import ROLE_LEVELS, Office, Perm, Role
from balai.accounts.services import role_assign, role_switch
from balai.core.errors import DomainError
from balai.regions.models import Area
from conftest import (
    DESA_PATTIMANG,
    DESA_PINCARA,
    KAB_LUTRA,
    KAB_LUWU,
    KEC_MASAMBA,
    KEL_KAPPUNA,
    MakeUser,
)


@pytest.mark.django_db
def test_anonymous_has_no_permission() -> None:
    assert not access.has_perm(AnonymousUser(), Perm.REGIONS_VIEW_SUBAREAS)
    assert access.acting_role(AnonymousUser()) is None


@pytest.mark.django_db
def test_operator_permission_stops_at_the_village_boundary(operator: object) -> None:
    assert access.has_perm(operator, Perm.REGIONS_MANAGE_SUBAREAS, DESA_PINCARA)
    assert access.has_perm(operator, Perm.REGIONS_MANAGE_SUBAREAS, f"{DESA_PINCARA}.01.001")
    assert not access.has_perm(operator, Perm.REGIONS_MANAGE_SUBAREAS, DESA_PATTIMANG)
    assert not access.has_perm(operator, Perm.REGIONS_MANAGE_SUBAREAS, KEC_MASAMBA)


@pytest.mark.django_db
def test_camat_sees_the_kecamatan_but_manages_nothing(camat: object) -> None:
    assert access.has_perm(camat, Perm.REGIONS_VIEW_SUBAREAS, f"{KEL_KAPPUNA}.001")
    assert access.has_perm(camat, Perm.REGIONS_VIEW_SUBAREAS, f"{DESA_PINCARA}.01")
    assert not access.has_perm(camat, Perm.REGIONS_VIEW_SUBAREAS, f"{DESA_PATTIMANG}.01")
    assert not access.has_perm(camat, Perm.REGIONS_MANAGE_SUBAREAS, DESA_PINCARA)


@pytest.mark.django_db
def test_rt_head_sees_only_the_rt(make_user: MakeUser) -> None:
    rt = make_user(Role.RT_HEAD, f"{DESA_PINCARA}.01.001")
    assert access.has_perm(rt, Perm.REGIONS_VIEW_SUBAREAS, f"{DESA_PINCARA}.01.001")
    assert not access.has_perm(rt, Perm.REGIONS_VIEW_SUBAREAS, f"{DESA_PINCARA}.01.002")
    assert not access.has_perm(rt, Perm.REGIONS_VIEW_SUBAREAS, f"{DESA_PINCARA}.01")


@pytest.mark.django_db
def test_system_admin_without_area_covers_everything(make_user: MakeUser) -> None:
    admin = make_user(Role.SYSTEM_ADMIN, None)
    assert access.scope_code(admin, Perm.ADMIN_SITE) is None
    assert access.has_perm(admin, Perm.REGIONS_MANAGE_SUBAREAS, "94.01.01.1001")


@pytest.mark.django_db
def test_scoped_filters_rows_by_area_code(camat: object, make_user: MakeUser) -> None:
    rows = access.scoped(RoleAssignment.objects.all(), camat, Perm.ACCOUNTS_VIEW_USERS)
    make_user(Role.VILLAGE_OPERATOR, DESA_PATTIMANG)
    make_user(Role.KEPALA_DESA, DESA_PINCARA)
    assert {r.area_id for r in rows} == {KEC_MASAMBA, DESA_PINCARA}


@pytest.mark.django_db
def test_scope_without_permission_is_denied(make_user: MakeUser) -> None:
    resident = make_user(Role.RESIDENT, DESA_PINCARA)
    with pytest.raises(PermissionDenied):
        access.scope_code(resident, Perm.REGIONS_VIEW_SUBAREAS)


@pytest.mark.django_db
def test_switching_role_changes_the_scope(make_user: MakeUser) -> None:
    user = make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="dua_peran")
    make_user(Role.KABUPATEN_STAFF, KAB_LUWU, office=Office.DPMD, username="dua_peran")
    assert access.has_perm(user, Perm.REGIONS_MANAGE_SUBAREAS, DESA_PINCARA)
    other = user.roles.get(role=Role.KABUPATEN_STAFF)
    role_switch(user=user, role=other)
    access.forget_acting_role(user)
    assert not access.has_perm(user, Perm.REGIONS_MANAGE_SUBAREAS, DESA_PINCARA)
    assert access.has_perm(user, Perm.REGIONS_VIEW_SUBAREAS, "73.17.01.2005")


@pytest.mark.django_db
def test_cannot_switch_to_someone_elses_role(operator: object, camat: object) -> None:
    with pytest.raises(DomainError):
        role_switch(user=operator, role=camat.roles.first())  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_inactive_role_grants_nothing(operator: object) -> None:
    RoleAssignment.objects.filter(user=operator).update(is_active=False)
    access.forget_acting_role(operator)
    assert not access.has_perm(operator, Perm.REGIONS_VIEW_SUBAREAS, DESA_PINCARA)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSTEM_ADMIN])
@pytest.mark.django_db
def test_role_is_refused_at_a_level_it_does_not_fit(make_user: MakeUser, role: str) -> None:
    user = make_user(Role.RESIDENT, DESA_PINCARA)
    wrong = next(
        Area.objects.get(code=c)
        for c in ["73", KAB_LUTRA, KEC_MASAMBA, DESA_PINCARA, f"{DESA_PINCARA}.01.001"]
        if Area.objects.get(code=c).level not in ROLE_LEVELS[role]
    )
    office = Office.DPMD if role == Role.KABUPATEN_STAFF else ""
    with pytest.raises(DomainError, match="tidak bisa diberikan"):
        role_assign(actor=None, user=user, role=role, area=wrong, office=office)


@pytest.mark.django_db
def test_kabupaten_staff_needs_an_office(make_user: MakeUser) -> None:
    user = make_user(Role.RESIDENT, DESA_PINCARA)
    with pytest.raises(DomainError, match="Kantor"):
        role_assign(
            actor=None, user=user, role=Role.KABUPATEN_STAFF, area=Area.objects.get(code=KAB_LUTRA)
        )
    with pytest.raises(DomainError, match="Kantor"):
        role_assign(
            actor=None,
            user=user,
            role=Role.CAMAT,
            area=Area.objects.get(code=KEC_MASAMBA),
            office=Office.DPMD,
        )
