"""The API: the IID of a round and the innovations in the caller's scope."""

from __future__ import annotations

import pytest

from balai.accounts.roles import Role
from balai.innovation import services
from balai.innovation.tests.conftest import fill, make_innovation
from conftest import DESA_PINCARA, KAB_LUWU

pytestmark = pytest.mark.django_db


def test_iid_and_scoped_innovations(
    assessment, operator, other_operator, csrf_client, make_user
) -> None:
    mine = make_innovation(assessment)
    fill(mine)
    services.innovation_submit(actor=None, innovation=mine)
    make_innovation(assessment, owner="other_village", name="Lain")
    csrf_client.force_login(operator)
    body = csrf_client.get(f"/api/v1/innovation/rounds/{assessment.pk}/iid").json()
    # 42 / MAX(10, 1) = 4.2 + 0.38 = 4.58 -> 1.832 -> 1.83.
    assert body["iid"] in ("1.83", 1.83)
    assert (body["n"], body["divisor"], body["predicate"]) == (1, 10, "Kurang Inovatif")
    rows = csrf_client.get(f"/api/v1/innovation/rounds/{assessment.pk}/innovations").json()
    assert [(r["area"], r["sid_score"]) for r in rows] == [(DESA_PINCARA, "42")] or [
        (r["area"], float(r["sid_score"])) for r in rows
    ] == [(DESA_PINCARA, 42.0)]
    # A role of another kabupaten does not see the round; a resident has no access.
    csrf_client.force_login(make_user(Role.VILLAGE_OPERATOR, f"{KAB_LUWU}.01.2005"))
    assert csrf_client.get(f"/api/v1/innovation/rounds/{assessment.pk}/iid").status_code == 404
    csrf_client.force_login(make_user(Role.RESIDENT, DESA_PINCARA))
    assert csrf_client.get(f"/api/v1/innovation/rounds/{assessment.pk}/iid").status_code == 403
