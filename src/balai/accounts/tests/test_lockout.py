"""One lock-out for staff and resident logins: per account and address, per address, fixed length."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings

from balai.letters.models import ResidentAccount
from balai.letters.services import residents_auth
from balai.registry import codes
from balai.registry.models import Resident
from balai.registry.tests.factories import make_resident
from conftest import DESA_PINCARA, PASSWORD

pytestmark = pytest.mark.django_db
START = "2026-03-02 08:00:00+07:00"
PIN = "583920"


def staff_login(client: Client, password: str) -> int:
    return client.post("/akun/masuk/", {"username": "op_pincara", "password": password}).status_code


def pin_login(client: Client, nik: str, pin: str) -> int:
    return client.post("/layanan/warga/masuk/", {"nik": nik, "pin": pin}).status_code


@pytest.fixture
def resident(tree: None, operator: object) -> Resident:
    person = make_resident(f"{DESA_PINCARA}.01.001", name="Sitti Warga")
    code = residents_auth.activation_issue(actor=operator, resident=person)
    residents_auth.pin_set(nik=person.nik, code=code, pin=PIN)
    return person


def test_tries_during_a_staff_lock_do_not_extend_it(operator: object) -> None:
    office = Client(REMOTE_ADDR="10.9.9.9")  # the village office's NAT
    with time_machine.travel(START, tick=False) as clock:
        for _i in range(settings.AXES_FAILURE_LIMIT):
            staff_login(office, "tebak")
        assert staff_login(office, PASSWORD) == 429
        clock.shift(timedelta(minutes=10))
        for _i in range(3):  # someone behind the same NAT keeps trying
            assert staff_login(office, "tebak") == 429
        clock.shift(settings.AXES_COOLOFF_TIME - timedelta(minutes=10) + timedelta(seconds=1))
        assert staff_login(office, PASSWORD) == 302


def test_tries_during_a_resident_lock_do_not_extend_it(resident: Resident) -> None:
    kiosk = Client(REMOTE_ADDR="10.9.9.9")
    with time_machine.travel(START, tick=False) as clock:
        for _i in range(settings.AXES_FAILURE_LIMIT):
            pin_login(kiosk, resident.nik, "000000")
        clock.shift(timedelta(minutes=14))
        assert pin_login(kiosk, resident.nik, "000000") == 429
        clock.shift(timedelta(minutes=1, seconds=1))
        assert pin_login(kiosk, resident.nik, PIN) == 302


def test_knowing_a_nik_does_not_lock_the_resident_out_elsewhere(resident: Resident) -> None:
    prankster = Client(REMOTE_ADDR="10.6.6.6")
    for _i in range(settings.AXES_FAILURE_LIMIT + 3):
        pin_login(prankster, resident.nik, "000000")
    assert pin_login(prankster, resident.nik, PIN) == 429
    assert pin_login(Client(REMOTE_ADDR="10.1.2.3"), resident.nik, PIN) == 302
    # Axes keys the resident by a hash: no NIK in its table.
    attempt = AccessAttempt.objects.get()
    assert attempt.username.startswith("warga:") and resident.nik not in attempt.username
    assert resident.nik not in attempt.post_data and PIN not in attempt.post_data


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=4)
def test_guesses_across_many_niks_from_one_address_are_throttled(
    resident: Resident, operator: object
) -> None:
    sprayer = Client(REMOTE_ADDR="10.7.7.7")
    others = [make_resident(f"{DESA_PINCARA}.01.001", name=f"Lain {i}") for i in range(4)]
    for other in others:  # one guess per NIK: no per-NIK lock is reached
        assert pin_login(sprayer, other.nik, "123890") == 200
    assert pin_login(sprayer, resident.nik, PIN) == 429  # even the right PIN
    assert staff_login(sprayer, PASSWORD) == 429  # one mechanism for both logins
    assert "_auth_user_id" not in sprayer.session
    assert pin_login(Client(REMOTE_ADDR="10.1.2.3"), resident.nik, PIN) == 302


def test_a_new_code_from_the_office_lifts_the_lock(resident: Resident, operator: object) -> None:
    kiosk = Client(REMOTE_ADDR="10.9.9.9")
    for _i in range(settings.AXES_FAILURE_LIMIT):
        pin_login(kiosk, resident.nik, "000000")
    assert pin_login(kiosk, resident.nik, PIN) == 429
    residents_auth.activation_issue(actor=operator, resident=resident)
    assert pin_login(kiosk, resident.nik, PIN) == 302


def test_wrong_activation_codes_lock_like_wrong_pins(resident: Resident, operator: object) -> None:
    residents_auth.activation_issue(actor=operator, resident=resident)
    kiosk = Client(REMOTE_ADDR="10.9.9.9")

    def activate(code: str) -> int:
        return kiosk.post(
            "/layanan/warga/aktivasi/",
            {"nik": resident.nik, "code": code, "pin": "729401", "pin2": "729401"},
        ).status_code

    for _i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert activate("SALAHSALAH") == 200
    assert activate("SALAHSALAH") == 429
    assert activate("SALAHLAGI") == 429
    assert pin_login(kiosk, resident.nik, PIN) == 429  # the same lock


def nik_for_woman_born(day: int, month: int, year: int) -> Resident:
    return make_resident(
        f"{DESA_PINCARA}.01.001",
        name="Ani Warga",
        sex=codes.Sex.FEMALE,
        birth_date=date(year, month, day),
    )


@pytest.mark.parametrize(
    "pin",
    [
        "070392",  # DDMMYY
        "920307",  # YYMMDD
        "030792",  # MMDDYY
        "470392",  # the day as the NIK writes it for women (+40)
        "111111",
        "123456",
        "654321",
        "890123",
        "121212",
        "123123",
    ],
)
def test_guessable_pins_are_refused_and_not_counted(tree: None, operator: object, pin: str) -> None:
    woman = nik_for_woman_born(7, 3, 1992)
    assert woman.nik[6:12] == "470392"
    code = residents_auth.activation_issue(actor=operator, resident=woman)
    client = Client(REMOTE_ADDR="10.9.9.9")
    response = client.post(
        "/layanan/warga/aktivasi/", {"nik": woman.nik, "code": code, "pin": pin, "pin2": pin}
    )
    assert response.status_code == 200
    assert "PIN ini mudah ditebak" in response.content.decode()
    account = ResidentAccount.objects.get(resident=woman)
    assert account.pin_hash == "" and account.code_hash != ""
    assert not AccessAttempt.objects.exists()


def test_every_six_digit_slice_of_the_nik_is_refused(tree: None) -> None:
    woman = nik_for_woman_born(7, 3, 1992)
    for start in range(11):
        with pytest.raises(residents_auth.WeakPinError):
            residents_auth.pin_check(woman.nik[start : start + 6], woman.nik)
    residents_auth.pin_check("583920", woman.nik)  # a fine PIN passes
