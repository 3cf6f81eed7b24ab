"""Resident self-service login: NIK + PIN (argon2), set with a one-time code from the village.

The village office issues a one-time activation code (stored hashed, valid
for a week). The resident sets a 6-digit PIN with it; PINs that can be
derived from the NIK (the birth date in any common order, slices of the
NIK) or that are repeated or sequential digits are refused. Logins go
through ``django.contrib.auth.authenticate`` (``letters.backends``), so the
one django-axes lock-out covers them (``accounts.lockout``): per NIK and
address, plus a per-address limit across NIKs. Every failure is audited.
On success the resident gets a Django user (unusable password, role
"Warga" in their area) so the normal session, CSRF and ``own_account``
views apply; the user holds no staff permission.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from itertools import pairwise, permutations
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import lockout
from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.accounts.services import role_assign, user_create
from balai.core import audit
from balai.core.errors import DomainError
from balai.letters.models import ResidentAccount
from balai.registry.identifiers import normalise_number
from balai.registry.models import Resident

CODE_DAYS = 7
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_DUMMY = make_password("not-a-pin")


class LoginError(DomainError):
    code = "resident_login_failed"


class WeakPinError(DomainError):
    code = "weak_pin"


def _date_pins(day: int, month: int, year: int) -> set[str]:
    dd, mm, yy = f"{day:02d}", f"{month:02d}", f"{year % 100:02d}"
    return {"".join(parts) for parts in permutations((dd, mm, yy))}


def guessable_pins(nik: str, birth_date: date | None = None) -> set[str]:
    """Return the 6-digit PINs anyone who knows *nik* (and the birth date) would try first.

    The NIK's digits 7-12 are the birth date DDMMYY, with 40 added to the day
    for women: every order of day, month and year, with the day as written
    and as the real day; every 6 consecutive digits of the NIK.
    """
    pins: set[str] = set()
    digits = "".join(ch for ch in nik if ch.isdigit())
    pins |= {digits[i : i + 6] for i in range(len(digits) - 5)}
    if len(digits) >= 12:
        day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
        pins |= _date_pins(day, month, year)
        if day > 40:
            pins |= _date_pins(day - 40, month, year)
    if birth_date is not None:
        pins |= _date_pins(birth_date.day, birth_date.month, birth_date.year)
        pins |= _date_pins(birth_date.day + 40, birth_date.month, birth_date.year)
    return pins


def _patterned(pin: str) -> bool:
    """Tell whether *pin* is one digit repeated, a run up or down, or a repeated 2-3 digit block."""
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(pin)}
    return (
        steps in ({0}, {1}, {9})
        or all(pin[i] == pin[i % 2] for i in range(len(pin)))
        or all(pin[i] == pin[i % 3] for i in range(len(pin)))
    )


def pin_check(pin: str, nik: str, birth_date: date | None = None) -> None:
    """Raise WeakPinError unless *pin* is 6 digits that are hard to guess for this NIK."""
    if not (pin.isdigit() and len(pin) == 6):
        raise WeakPinError(_("PIN harus 6 angka."))
    if _patterned(pin) or pin in guessable_pins(nik, birth_date):
        raise WeakPinError(
            _(
                "PIN ini mudah ditebak. Jangan memakai tanggal lahir, bagian dari NIK, "
                "atau angka yang berulang atau berurutan."
            )
        )


def activation_issue(*, actor: Any, resident: Resident) -> str:
    """Issue a one-time activation code for *resident* (replacing any earlier one); return it."""
    if not resident.is_alive:
        raise DomainError(_("Akun layanan mandiri hanya untuk penduduk hidup."))
    code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))
    with transaction.atomic():
        account, _created = ResidentAccount.objects.select_for_update().get_or_create(
            resident=resident
        )
        account.code_hash = make_password(code)
        account.code_expires_at = timezone.now() + timedelta(days=CODE_DAYS)
        account.save()
        audit.record(actor=actor, action="letters.resident_code_issued", obj=account)
        # The office has seen the resident: lift any lock on their NIK.
        lockout.attempts_reset(lockout.resident_username(resident.nik))
    return code


def _account(nik: str) -> ResidentAccount | None:
    return (
        ResidentAccount.objects.select_related("resident", "user")
        .filter(resident__nik=normalise_number(nik))
        .first()
    )


def _failed(account: ResidentAccount, ip: str | None, what: str) -> None:
    """Audit one failed try (axes counts it and locks; see ``accounts.lockout``)."""
    audit.record(
        actor=None,
        action="letters.resident_login_failed",
        obj=account,
        data={"ip": ip, "with": what},
    )


def pin_set(*, nik: str, code: str, pin: str, ip: str | None = None) -> ResidentAccount:
    """Set the PIN with a valid one-time code (the code is then spent).

    Raises WeakPinError for a PIN that breaks the rules (not a failed try)
    and LoginError for a wrong NIK or code (a failed try: the caller counts
    it, see ``accounts.lockout.attempt_failed``).
    """
    nik = normalise_number(nik)
    pin_check(pin, nik)
    account = _account(nik)
    if account is None or not account.code_hash:
        check_password(code, _DUMMY)
        raise LoginError(_("NIK atau kode aktivasi salah."))
    expired = account.code_expires_at is None or account.code_expires_at < timezone.now()
    if expired or not check_password(code.strip().upper(), account.code_hash):
        _failed(account, ip, "code")
        raise LoginError(_("NIK atau kode aktivasi salah, atau kode sudah kedaluwarsa."))
    pin_check(pin, nik, account.resident.birth_date)
    with transaction.atomic():
        account.pin_hash = make_password(pin)
        account.code_hash = ""
        account.code_expires_at = None
        account.save()
        audit.record(actor=None, action="letters.resident_pin_set", obj=account, data={"ip": ip})
    return account


def resident_login(*, nik: str, pin: str, ip: str | None = None) -> User:
    """Return the resident's user for a right NIK + PIN; raise LoginError otherwise.

    Called through ``authenticate()`` (``letters.backends``) so the lock-out
    applies; call it directly only where no request exists.
    """
    account = _account(nik)
    if account is None or not account.pin_hash:
        check_password(pin, _DUMMY)  # same cost as a real check: no NIK probing by timing
        raise LoginError(_("NIK atau PIN salah."))
    if not account.resident.is_alive or not check_password(pin, account.pin_hash):
        _failed(account, ip, "pin")
        raise LoginError(_("NIK atau PIN salah."))
    with transaction.atomic():
        user = account.user
        if user is None:
            user = user_create(
                actor=None,
                username=f"warga-{account.resident_id}",
                password=None,
                full_name=account.resident.name,
            )
            role_assign(actor=None, user=user, role=Role.RESIDENT, area=account.resident.area)
            account.user = user
        account.last_login_at = timezone.now()
        account.save()
        audit.record(actor=user, action="letters.resident_login", obj=account, data={"ip": ip})
    return user


def account_link_user(*, actor: Any, account: ResidentAccount, user: User) -> ResidentAccount:
    """Let *user* (a resident-role login) act as *account*'s resident (demo and support)."""
    with transaction.atomic():
        account = ResidentAccount.objects.select_for_update().get(pk=account.pk)
        if account.user_id not in (None, user.pk):
            raise DomainError(_("Akun warga ini sudah terhubung ke pengguna lain."))
        account.user = user
        account.full_clean()
        account.save(update_fields=["user", "updated_at"])
        audit.record(actor=actor, action="letters.resident_account_linked", obj=account)
    return account


def account_for_user(user: Any) -> ResidentAccount | None:
    """Return the resident account linked to *user* (None for staff)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        ResidentAccount.objects.select_related("resident", "resident__area")
        .filter(user=user)
        .first()
    )
