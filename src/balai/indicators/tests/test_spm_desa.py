from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from balai.accounts.roles import Role
from balai.complaints.models import Complaint
from balai.indicators.spm_desa import spm_by_village, spm_rollup
from balai.letters.models import Channel, LetterRequest
from balai.letters.services.standards import catalogue_adopt_all, catalogue_seed
from balai.regions.models import Area
from balai.registry.models import Resident
from balai.registry.services import resident_register
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, MakeUser, login

WITA = ZoneInfo("Asia/Makassar")
MARCH = datetime(2026, 3, 10, 9, tzinfo=WITA)


def ratios(row: Any) -> dict[str, tuple[int, int]]:
    return {k: (r.num, r.den) for k, r in row.ratios.items()}


@pytest.mark.django_db
def test_each_service_is_a_numerator_and_denominator_per_village(
    pincara: Area, head: Resident, make_request: Any, file_complaint: Any
) -> None:
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    catalogue = catalogue_seed(actor=None, kabupaten=kabupaten)
    catalogue_adopt_all(actor=None, village=pincara)
    resident_register(actor=None, area=pincara, data={"nik": "", "name": "Tanpa NIK", "sex": 2})
    on_time, late, online = (make_request(head) for _ in range(3))
    LetterRequest.objects.filter(pk=online.pk).update(channel=Channel.ONLINE)
    LetterRequest.objects.filter(pk__in=[on_time.pk, late.pk, online.pk]).update(
        received_at=MARCH, due_at=MARCH + timedelta(days=1)
    )
    LetterRequest.objects.filter(pk=on_time.pk).update(completed_at=MARCH + timedelta(hours=3))
    LetterRequest.objects.filter(pk=late.pk).update(completed_at=MARCH + timedelta(days=3))
    fast, slow, open_ = (file_complaint() for _ in range(3))
    Complaint.objects.filter(pk__in=[fast.pk, slow.pk, open_.pk]).update(
        received_at=MARCH, resolve_due=MARCH + timedelta(days=5)
    )
    Complaint.objects.filter(pk=fast.pk).update(resolved_at=MARCH + timedelta(days=1))
    Complaint.objects.filter(pk=slow.pk).update(resolved_at=MARCH + timedelta(days=9))

    (row,) = spm_by_village(area=pincara, year=2026, month=3)
    living = Resident.objects.filter(area__within=DESA_PINCARA, status=1).count()
    assert ratios(row) == {
        "information": (catalogue, catalogue),
        "population": (living - 1, living),
        "letters": (1, 2),
        "simpler": (1, 3),
        "complaints": (1, 2),
    }
    (april,) = spm_by_village(area=pincara, year=2026, month=4)
    assert (april.ratios["letters"].den, april.ratios["complaints"].den) == (0, 0)


@pytest.mark.django_db
def test_kabupaten_figures_are_sums_of_villages_never_averages(
    pincara: Area, head: Resident
) -> None:
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    catalogue = catalogue_seed(actor=None, kabupaten=kabupaten)
    catalogue_adopt_all(actor=None, village=pincara)
    rows = spm_by_village(area=kabupaten, year=2026, month=3)
    assert {r.code for r in rows} == set(
        Area.objects.filter(code__within=KAB_LUTRA, level="desa_kelurahan").values_list(
            "code", flat=True
        )
    )
    (kecamatan,) = [k for k in spm_rollup(rows, length=8) if k.code == KEC_MASAMBA]
    villages = [r for r in rows if r.code.startswith(KEC_MASAMBA + ".")]
    assert kecamatan.ratios["information"].num == sum(r.ratios["information"].num for r in villages)
    assert kecamatan.ratios["information"].den == catalogue * len(villages)
    assert kecamatan.ratios["information"].pct == round(
        100 * catalogue / (catalogue * len(villages)), 1
    )


@pytest.mark.django_db
def test_page_is_scoped_to_the_users_area(make_user: MakeUser, pincara: Area) -> None:
    camat = make_user(Role.CAMAT, KEC_MASAMBA)
    page = login(camat).get("/indikator/spm-desa/?bulan=2026-03")
    assert page.status_code == 200
    assert {r.code for r in page.context["rows"]} == set(
        Area.objects.filter(code__within=KEC_MASAMBA, level="desa_kelurahan").values_list(
            "code", flat=True
        )
    )
    assert login(camat).get(f"/indikator/spm-desa/?wilayah={DESA_PATTIMANG}").status_code == 403
    resident = make_user(Role.RESIDENT, DESA_PINCARA)
    assert login(resident).get("/indikator/spm-desa/").status_code == 403
    assert Client().get("/indikator/spm-desa/").status_code == 302
