"""API: aggregates only, scoped to the caller's area."""

from __future__ import annotations

from balai.accounts.roles import Office, Role
from balai.poverty.tests.conftest import World
from conftest import DESA_PINCARA, KAB_LUTRA, MakeUser, login


def test_checks_endpoint_gives_counts_per_village_and_programme(
    world: World, make_user: MakeUser
) -> None:
    client = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA))
    answer = client.get(f"/api/v1/poverty/checks/{DESA_PINCARA}")
    assert answer.status_code == 200
    rows = {row["programme"]: row for row in answer.json()}
    assert rows["pkh"]["recipients"] == 3
    assert rows["pkh"]["eligible"] == 2
    assert rows["pkh"]["checks"]["eksklusi"] == 1
    assert rows["pkh"]["checks"]["meninggal"] == 1
    assert rows["bpnt"]["checks"]["nik_tidak_valid"] == 1
    assert "KEPALA" not in answer.text


def test_programmes_endpoint_lists_rules(world: World) -> None:
    answer = login(world.actor).get(f"/api/v1/poverty/programmes?area={DESA_PINCARA}")
    assert answer.status_code == 200
    blt = next(p for p in answer.json() if p["code"] == "blt-dd")
    assert (blt["desil_min"], blt["desil_max"], blt["not_combined_with"]) == (1, 3, ["pkh"])


def test_api_refuses_another_village(world: World, make_user: MakeUser) -> None:
    other = login(make_user(Role.VILLAGE_OPERATOR, "73.22.01.2001"))
    assert other.get(f"/api/v1/poverty/checks/{DESA_PINCARA}").status_code == 403
    resident = login(make_user(Role.RESIDENT, DESA_PINCARA))
    assert resident.get(f"/api/v1/poverty/checks/{DESA_PINCARA}").status_code == 403
