"""Managing units and counters from the web: who may, what is refused, nothing overwritten."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
import time_machine

from balai.accounts.roles import Role
from balai.onestop.models import Counter, Location, LocationKind
from balai.onestop.services import queue
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, KEL_KAPPUNA, login

from .conftest import MONDAY

TUESDAY = MONDAY.date() + timedelta(days=1)


def counter_data(service_pk: int, **kw: object) -> dict[str, object]:
    data: dict[str, object] = {
        "letter": "B", "name": "Loket Samsat", "services": [service_pk], "opens_at": "08:00",
        "closes_at": "14:00", "slot_minutes": 30, "slot_capacity": 2, "daily_quota": 10,
    }  # fmt: skip
    data.update(kw)
    return data


@pytest.mark.django_db
def test_dpmptsp_opens_an_mpp_unit_and_a_taken_code_is_refused_not_overwritten(
    make_user, mpp
) -> None:
    dpmptsp = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmptsp"))
    desk = dpmptsp.get("/pelayanan/loket/").content.decode()
    assert f'href="/pelayanan/kelola/unit-baru/{KAB_LUTRA}/"' in desk
    data = {
        "code": "mpp-7322",
        "name": "Tiruan",
        "area": KEL_KAPPUNA,
        "address": "",
        "opening_hours": "",
    }
    page = dpmptsp.post(f"/pelayanan/kelola/unit-baru/{KAB_LUTRA}/", data)
    assert page.status_code == 400 and "sudah dipakai" in page.content.decode()
    assert Location.objects.get(code="mpp-7322").name == "MPP Luwu Utara"
    data.update(code="mpp-7322-utara", name="MPP Cabang Masamba")
    page = dpmptsp.post(f"/pelayanan/kelola/unit-baru/{KAB_LUTRA}/", data)
    assert page.status_code == 302 and page["Location"] == "/pelayanan/kelola/unit/mpp-7322-utara/"
    unit = Location.objects.get(code="mpp-7322-utara")
    assert (unit.kind, unit.owner_id, unit.area_id) == (LocationKind.MPP, KAB_LUTRA, KEL_KAPPUNA)
    # Counter staff of another office, and village operators, may not open units.
    other = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="lainnya"))
    assert other.get(f"/pelayanan/kelola/unit-baru/{KAB_LUTRA}/").status_code == 403
    operator = login(make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA))
    assert operator.post(f"/pelayanan/kelola/unit-baru/{KAB_LUTRA}/", data).status_code == 403
    assert Location.objects.count() == 2


@pytest.mark.django_db
def test_camat_opens_a_paten_desk_only_in_a_village_of_the_kecamatan(make_user) -> None:
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    form = camat.get(f"/pelayanan/kelola/unit-baru/{KEC_MASAMBA}/").content.decode()
    assert KEL_KAPPUNA in form and DESA_PATTIMANG not in form
    data = {"code": "paten-masamba", "name": "PATEN Masamba", "area": DESA_PATTIMANG,
            "address": "Jl. Poros", "opening_hours": "Senin-Jumat 08.00-15.00"}  # fmt: skip
    page = camat.post(f"/pelayanan/kelola/unit-baru/{KEC_MASAMBA}/", data)
    assert page.status_code == 400 and not Location.objects.exists()
    data["area"] = KEL_KAPPUNA
    assert camat.post(f"/pelayanan/kelola/unit-baru/{KEC_MASAMBA}/", data).status_code == 302
    assert Location.objects.get().kind == LocationKind.PATEN
    # Another kecamatan's area is out of scope: 403, nothing written.
    assert camat.post(f"/pelayanan/kelola/unit-baru/{DESA_PATTIMANG[:8]}/", data).status_code == 403
    # Editing keeps the code even if a different one is posted.
    data.update(code="lain", name="PATEN Kecamatan Masamba")
    assert camat.post("/pelayanan/kelola/unit/paten-masamba/ubah/", data).status_code == 302
    assert Location.objects.get().name == "PATEN Kecamatan Masamba"
    assert not Location.objects.filter(code="lain").exists()


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_counters_are_added_and_edited_and_a_quota_below_bookings_is_refused(
    make_user, mpp, counter, service
) -> None:
    dpmptsp = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmptsp"))
    manage = dpmptsp.get("/pelayanan/kelola/unit/mpp-7322/").content.decode()
    assert 'href="/pelayanan/kelola/unit/mpp-7322/loket-baru/"' in manage
    # The letter of an existing counter is refused on "new", nothing overwritten.
    page = dpmptsp.post(
        "/pelayanan/kelola/unit/mpp-7322/loket-baru/", counter_data(service.pk, letter="A")
    )
    assert page.status_code == 400 and "sudah dipakai loket lain" in page.content.decode()
    assert Counter.objects.get(prefix="A").name == counter.name
    page = dpmptsp.post("/pelayanan/kelola/unit/mpp-7322/loket-baru/", counter_data(service.pk))
    assert page.status_code == 302
    added = Counter.objects.get(location=mpp, prefix="B")
    assert (added.name, added.daily_quota, list(added.services.all())) == (
        "Loket Samsat",
        10,
        [service],
    )
    # Closing before opening is refused with the field's message.
    page = dpmptsp.post(f"/pelayanan/kelola/unit/mpp-7322/loket/{added.pk}/",
                        counter_data(service.pk, closes_at="07:00"))  # fmt: skip
    assert page.status_code == 400 and "Jam tutup harus setelah jam buka" in page.content.decode()
    for slot in (time(9, 0), time(9, 30)):
        queue.appointment_book(
            counter=added, service_id=service.pk, day=TUESDAY, slot=slot, name="A"
        )
    page = dpmptsp.post(f"/pelayanan/kelola/unit/mpp-7322/loket/{added.pk}/",
                        counter_data(service.pk, daily_quota=1))  # fmt: skip
    assert page.status_code == 400 and "lebih kecil dari janji" in page.content.decode()
    added.refresh_from_db()
    assert (added.daily_quota, added.closes_at) == (10, time(14, 0))
    # A counter of another unit is not reachable through this unit's address.
    other = Counter.objects.get(prefix="A")
    assert other.location_id == mpp.pk
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    assert camat.get(f"/pelayanan/kelola/unit/mpp-7322/loket/{other.pk}/").status_code == 404
