"""The English catalog: complete, not fuzzy, compiled, and used by the pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.test import Client
from django.utils.translation import gettext, ngettext, override

from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.regions.models import Level
from conftest import login

CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%%")
TAG = re.compile(r"</?[a-zA-Z][^>]*>|&\w+;")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def read_catalog(path: Path) -> list[Entry]:
    """Parse a .po file just enough for these checks (no polib in the venv)."""
    entries: list[Entry] = []
    entry = Entry()
    key = ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if key:
                entries.append(entry)
            entry, key = Entry(), ""
        elif line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = _unquote(line)
            if key == "msgid":
                entry.msgid += value
            elif key == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + value
            else:
                index = int(key[7:-1]) if key.startswith("msgstr[") else 0
                entry.msgstr[index] += value
        else:
            key, _sep, rest = line.partition(" ")
            value = _unquote(rest)
            if key == "msgid":
                entry.msgid = value
            elif key == "msgid_plural":
                entry.msgid_plural = value
            else:
                entry.msgstr[int(key[7:-1]) if key.startswith("msgstr[") else 0] = value
    return entries


def messages() -> list[Entry]:
    return [e for e in read_catalog(CATALOG) if e.msgid and not e.obsolete]


def test_catalog_exists_compiled_and_has_no_indonesian_catalog() -> None:
    assert CATALOG.is_file()
    assert COMPILED.is_file()
    assert not (CATALOG.parents[2] / "id").exists()  # Indonesian is the source language
    assert len(messages()) > 150


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    entries = read_catalog(CATALOG)
    assert not [e.msgid for e in entries if "fuzzy" in e.flags]
    untranslated = [
        e.msgid for e in messages() if not e.msgstr or not all(s.strip() for s in e.msgstr.values())
    ]
    assert untranslated == []


def test_translations_keep_placeholders_and_markup() -> None:
    for e in messages():
        for text in e.msgstr.values():
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(e.msgid)), (
                e.msgid
            )
            assert sorted(TAG.findall(text)) == sorted(TAG.findall(e.msgid)), e.msgid


def test_compiled_catalog_matches_the_po_file() -> None:
    """A stale django.mo (edited .po, no compilemessages) fails here."""
    with override("en"):
        for e in messages():
            if e.msgid_plural is None:
                assert gettext(e.msgid) == e.msgstr[0], e.msgid
            else:
                assert ngettext(e.msgid, e.msgid_plural, 1) == e.msgstr[0], e.msgid
                assert ngettext(e.msgid, e.msgid_plural, 2) == e.msgstr[1], e.msgid


def test_english_is_active_only_when_asked() -> None:
    with override("en"):
        assert gettext("Masuk ke Balai") == "Log in to Balai"
        assert gettext("Kata sandi") == "Password"
        assert gettext("Selamat datang, %(name)s") % {"name": "Ani"} == "Welcome, Ani"
        assert gettext("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": "73"} == (
            "No area with code 73 was found."
        )
        assert str(Role.KEPALA_DESA.label) == "Village Head"
        assert str(Role.POSYANDU_CADRE.label) == "Posyandu Cadre"
        assert str(Level.PROVINSI.label) == "Province"
        assert str(Level.KECAMATAN.label) == "Kecamatan"
    with override("id"):
        assert gettext("Masuk ke Balai") == "Masuk ke Balai"
        assert str(Role.KEPALA_DESA.label) == "Kepala Desa"


@pytest.mark.django_db
def test_login_page_ignores_accept_language_and_follows_the_switch(tree: None) -> None:
    browser_in_english = Client(headers={"accept-language": "en"})
    body = browser_in_english.get("/akun/masuk/").content.decode()
    assert '<html lang="id">' in body
    assert "Masuk ke Balai" in body
    assert "Log in to Balai" not in body
    assert 'data-testid="language-switch"' in body

    # The visible switch (Django's set_language) sets a cookie; that is what counts.
    switched = browser_in_english.post("/i18n/setlang/", {"language": "en", "next": "/akun/masuk/"})
    assert switched.status_code == 302
    body = browser_in_english.get("/akun/masuk/").content.decode()
    assert '<html lang="en">' in body
    assert "Log in to Balai" in body
    assert "Username" in body
    assert "Masuk ke Balai" not in body
    assert "Kata sandi" not in body


@pytest.mark.django_db
def test_signed_in_pages_follow_the_users_setting_not_browser_or_cookie(
    operator: User,
) -> None:
    client = login(operator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="id">' in page
    assert "Keluar" in page
    assert 'data-testid="language-switch"' not in page  # the account page holds the choice

    saved = client.post("/akun/", {"language": "en"})
    assert saved.status_code == 302
    operator.refresh_from_db()
    assert operator.language == "en"
    assert (
        LogEntry.objects.filter(
            additional_data__event="accounts.language_set", object_pk=str(operator.pk)
        ).count()
        == 1
    )
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    page = client.get("/", headers={"accept-language": "id"}).content.decode()
    assert '<html lang="en">' in page
    assert "Log out" in page


@pytest.mark.django_db
def test_unknown_language_is_refused_and_nothing_changes(operator: User) -> None:
    client = login(operator)
    response = client.post("/akun/", {"language": "fr"})
    assert response.status_code == 200
    operator.refresh_from_db()
    assert operator.language == "id"
    assert not LogEntry.objects.filter(additional_data__event="accounts.language_set").exists()


ENGLISH_ON_SCREEN = re.compile(r"\b(Scorecard|scorecard|Underweight|underweight|overweight)\b")


def test_indonesian_screens_carry_no_english_terms() -> None:
    """Every msgid is an Indonesian screen text; the KPM's term is "kartu skor"."""
    english = [e.msgid for e in messages() if ENGLISH_ON_SCREEN.search(e.msgid)]
    assert english == []
