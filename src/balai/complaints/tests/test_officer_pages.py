"""What officers and complainants meet on the complaint pages: lists to choose from, no silent
reopening, an empty rating, new work on the home page, the form linked from the village page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from balai.accounts.roles import Role
from balai.complaints import services
from balai.complaints.models import Status
from balai.core.demo import DemoOptions
from balai.core.errors import DomainError
from balai.web.demo import build_demo
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, MakeUser, login

from .conftest import FileComplaint

pytestmark = pytest.mark.django_db


def test_assignee_list_holds_only_officers_of_the_handling_unit(
    file_complaint: FileComplaint, operator: object, make_user: MakeUser
) -> None:
    colleague = make_user(Role.SEKRETARIS_DESA, DESA_PINCARA, username="sekdes_pincara")
    make_user(Role.CAMAT, KEC_MASAMBA, username="camat_masamba")  # supervises, is not the unit
    make_user(Role.VILLAGE_OPERATOR, DESA_PATTIMANG, username="op_pattimang")
    c = file_complaint()
    officers = login(operator).get(f"/pengaduan/kelola/{c.pk}/").context["officers"]  # type: ignore[arg-type]
    assert {o.username for o in officers} == {"op_pincara", colleague.username}
    camat = make_user(Role.CAMAT, KEC_MASAMBA, username="camat_masamba")
    with pytest.raises(DomainError):
        services.complaint_assign(complaint=c, actor=operator, assignee=camat)


def test_forwarding_offers_units_from_a_list_and_the_service_accepts_them(
    file_complaint: FileComplaint, operator: object
) -> None:
    c = file_complaint()
    page = login(operator).get(f"/pengaduan/kelola/{c.pk}/")  # type: ignore[arg-type]
    targets = [a.code for a in page.context["forward_targets"]]
    assert targets[:2] == [KEC_MASAMBA, KAB_LUTRA]
    assert DESA_PATTIMANG in targets and DESA_PINCARA not in targets
    assert 'data-testid="forward-target"' in page.content.decode()
    services.complaint_verify(complaint=c, actor=operator)
    login(operator).post(  # type: ignore[arg-type]
        f"/pengaduan/kelola/{c.pk}/tindakan/",
        {"action": "forward", "target": KEC_MASAMBA, "text": "Wewenang kecamatan"},
    )
    c.refresh_from_db()
    assert c.handler_area_id == KEC_MASAMBA


def test_rating_starts_empty_and_checkboxes_sit_beside_their_labels(
    file_complaint: FileComplaint, categories: object
) -> None:
    from balai.complaints.forms import RateForm

    html = RateForm().as_div()
    assert re.search(r'<option value="" selected>', html)
    page = Client().get(f"/pengaduan/desa/{DESA_PINCARA}/").content.decode()
    assert re.search(
        r'<label for="id_is_anonymous">\s*<input type="checkbox" name="is_anonymous"', page
    )


def test_new_and_forwarded_complaints_show_on_the_handlers_home(
    file_complaint: FileComplaint, operator: object, make_user: MakeUser
) -> None:
    camat = make_user(Role.CAMAT, KEC_MASAMBA, username="camat_masamba")
    c = file_complaint()
    home = login(operator).get("/").content.decode()  # type: ignore[arg-type]
    assert "menunggu verifikasi" in home
    services.complaint_forward(
        complaint=c, actor=operator, target=c.area.parent, reason="Wewenang kecamatan"
    )
    items = login(camat).get("/").context["items"]
    assert [i.count for i in items if "menunggu verifikasi" in i.text] == [1]
    assert Status.DITERIMA in next(i.url for i in items if "menunggu verifikasi" in i.text)


def test_village_public_page_links_the_complaint_form(tree: None) -> None:
    page = Client().get(f"/wilayah/{DESA_PINCARA}/").content.decode()
    assert f'href="/pengaduan/desa/{DESA_PINCARA}/"' in page


def test_demo_camat_meets_escalated_complaints(tree: None) -> None:
    build_demo(options=DemoOptions(seed=2, residents=100))
    from balai.accounts.models import User

    items = login(User.objects.get(username="camat")).get("/").context["items"]
    assert any("dieskalasi" in i.text and i.count for i in items)
