"""A resident finds the way in: the login pages explain NIK + PIN, the office prints a slip,
the demo prints a login that works, and a resident's menu holds only resident pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from balai.core.demo import DemoOptions
from balai.letters.models import ResidentAccount
from balai.web.demo import build_demo
from conftest import login

pytestmark = pytest.mark.django_db


def test_staff_login_page_explains_how_residents_get_in(tree):
    page = Client().get("/akun/masuk/").content.decode()
    assert 'data-testid="resident-help"' in page
    assert "NIK dan PIN" in page
    assert "kode aktivasi" in page
    assert 'href="/layanan/warga/aktivasi/"' in page
    assert 'href="/layanan/warga/masuk/"' in page


def test_resident_login_page_explains_activation(tree):
    page = Client().get("/layanan/warga/masuk/").content.decode()
    assert "Belum punya PIN?" in page
    assert 'href="/layanan/warga/aktivasi/"' in page


def test_operator_finds_resident_accounts_in_the_menu_and_prints_a_slip(operator, head):
    client = login(operator)
    home = client.get("/").content.decode()
    assert 'data-testid="menu-resident-code"' in home
    page = client.post("/layanan/akun-warga/", {"nik": head.nik}).content.decode()
    code = re.search(r'data-testid="activation-code">([A-Z0-9]+)<', page).group(1)
    assert 'data-testid="activation-slip"' in page
    assert head.name in page
    assert head.nik not in page  # the slip shows the NIK masked
    assert "http://testserver/layanan/warga/aktivasi/" in page
    assert "data-print" in page
    assert ResidentAccount.objects.get(resident=head).code_hash  # the code is stored hashed
    assert code not in ResidentAccount.objects.get(resident=head).code_hash


def test_demo_prints_a_resident_login_that_works_and_shows_only_resident_menus(tree):
    _created, _logins, lines = build_demo(options=DemoOptions(seed=3, residents=150))
    text = "\n".join(lines)
    nik, pin = re.search(r"NIK (\d{16})\s+PIN (\d{6})", text).groups()
    client = Client()
    response = client.post("/layanan/warga/masuk/", {"nik": nik, "pin": pin})
    assert response.status_code == 302
    assert response["Location"] == "/layanan/warga/"
    home = client.get("/").content.decode()
    assert 'data-testid="nav-letters"' in home  # "Surat saya"
    for staff_link in ("nav-registry", "menu-tokens", "nav-complaints", "nav-posyandu", "spm-link"):
        assert f'data-testid="{staff_link}"' not in home
    assert client.get("/layanan/warga/").status_code == 200
    # Running the demo again keeps the same working login.
    _c, _l, again = build_demo(options=DemoOptions(seed=3, residents=150))
    assert f"NIK {nik}  PIN {pin}" in "\n".join(again)


def test_lists_name_letter_types_instead_of_codes(make_request, head, operator):
    make_request(head)
    page = login(operator).get("/layanan/?status=").content.decode()
    request = page[page.index("<tbody") :]
    assert "Surat Keterangan" in request
    assert ">domisili<" not in request and ">sktm<" not in request
