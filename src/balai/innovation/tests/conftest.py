"""Innovation fixtures: the 2023 round of Luwu Utara and its people."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from balai.accounts.models import User
from balai.accounts.roles import Office, Role
from balai.innovation import services
from balai.innovation.models import Assessment, Innovation, OwnerKind
from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA

MANDATORY = ("16", "17", "32", "33", "35")


@pytest.fixture
def assessment(tree: None) -> Assessment:
    return services.assessment_open(
        actor=None,
        kabupaten=Area.objects.get(code=KAB_LUTRA),
        year=2023,
        deadline=date(2030, 6, 30),
    )


@pytest.fixture
def bappeda(make_user: Any) -> User:
    return make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA, username="bappeda")


@pytest.fixture
def dinkes(make_user: Any) -> User:
    return make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINKES, username="dinkes")


@pytest.fixture
def disdik(make_user: Any) -> User:
    return make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DISDIK, username="disdik")


PROFILE = {
    "bentuk": "pelayanan",
    "jenis": "digital",
    "inisiator": "perangkat_daerah",
    "urusan": "kesehatan",
    "tahapan": "penerapan",
    "started_on": date(2021, 1, 10),
    "trial_on": date(2021, 6, 1),
    "applied_on": date(2022, 1, 3),
}


def make_innovation(
    assessment: Assessment, owner: str = "village", name: str = "Inovasi Uji", **fields: Any
) -> Innovation:
    kind, code, office = {
        "village": (OwnerKind.VILLAGE, DESA_PINCARA, ""),
        "other_village": (OwnerKind.VILLAGE, DESA_PATTIMANG, ""),
        "kecamatan": (OwnerKind.KECAMATAN, KEC_MASAMBA, ""),
        "dinkes": (OwnerKind.OFFICE, KAB_LUTRA, Office.DINKES),
        "disdik": (OwnerKind.OFFICE, KAB_LUTRA, Office.DISDIK),
    }[owner]
    return services.innovation_create(
        actor=None,
        assessment=assessment,
        owner_kind=kind,
        area=Area.objects.get(code=code),
        office=office,
        **{**PROFILE, "name": name, **fields},
    )


def answer(innovation: Innovation, label: str) -> Any:
    return next(
        a for a in innovation.answers.select_related("indicator") if a.indicator.label == label
    )


def fill(innovation: Innovation, labels: tuple[str, ...] = MANDATORY, parameter: int = 3) -> None:
    """Give *labels* a parameter and a link as evidence."""
    for label in labels:
        a = answer(innovation, label)
        services.answer_set(actor=None, answer=a, parameter=parameter)
        services.evidence_add(actor=None, answer=a, url=f"https://contoh.id/bukti/{label}")


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
