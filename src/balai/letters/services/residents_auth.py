"""Resident self-service login: NIK + PIN (argon2), set with a one-time code from the village.

The village office issues a one-time activation code (stored hashed, valid
for a week). The resident sets a 6-digit PIN with it. After
``MAX_FAILURES`` wrong PINs (or codes) the account is locked for
``LOCK_MINUTES``; every failure and lock is audited. On success the
resident gets a Django user (unusable password, role "Warga" in their area)
so the normal session, CSRF and ``own_account`` views apply; the user holds
no staff permission.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.accounts.services import role_assign, user_create
from balai.core import audit
from balai.core.errors import DomainError
from balai.letters.models import ResidentAccount
from balai.registry.identifiers import normalise_number
from balai.registry.models import Resident

MAX_FAILURES = 5
LOCK_MINUTES = 30
CODE_DAYS = 7
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_DUMMY = make_password("not-a-pin")


class LoginError(DomainError):
    code = "resident_login_failed"


class LockedError(LoginError):
    code = "resident_locked"
    status = 429


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
        account.failed_attempts = 0
        account.locked_until = None
        account.save()
        audit.record(actor=actor, action="letters.resident_code_issued", obj=account)
    return code


def _account(nik: str) -> ResidentAccount | None:
    return (
        ResidentAccount.objects.select_related("resident", "user")
        .filter(resident__nik=normalise_number(nik))
        .first()
    )


def _check_lock(account: ResidentAccount) -> None:
    if account.locked_until and account.locked_until > timezone.now():
        raise LockedError(
            _(
                "Terlalu banyak percobaan yang salah. Akun dikunci sampai %(t)s; hubungi kantor desa."
            )
            % {"t": timezone.localtime(account.locked_until).strftime("%H:%M")}
        )


def _fail(account: ResidentAccount, ip: str | None) -> None:
    """Count one failure (committed even though the caller then raises)."""
    with transaction.atomic():
        locked = ResidentAccount.objects.select_for_update().get(pk=account.pk)
        locked.failed_attempts += 1
        data = {"attempts": locked.failed_attempts, "ip": ip}
        if locked.failed_attempts >= MAX_FAILURES:
            locked.locked_until = timezone.now() + timedelta(minutes=LOCK_MINUTES)
            locked.failed_attempts = 0
            audit.record(actor=None, action="letters.resident_locked", obj=locked, data=data)
        else:
            audit.record(actor=None, action="letters.resident_login_failed", obj=locked, data=data)
        locked.save(update_fields=["failed_attempts", "locked_until", "updated_at"])


def pin_set(*, nik: str, code: str, pin: str, ip: str | None = None) -> ResidentAccount:
    """Set the PIN with a valid one-time code (the code is then spent)."""
    if not (pin.isdigit() and len(pin) == 6):
        raise LoginError(_("PIN harus 6 angka."))
    account = _account(nik)
    if account is None or not account.code_hash:
        check_password(code, _DUMMY)
        raise LoginError(_("NIK atau kode aktivasi salah."))
    _check_lock(account)
    expired = account.code_expires_at is None or account.code_expires_at < timezone.now()
    if expired or not check_password(code.strip().upper(), account.code_hash):
        _fail(account, ip)
        raise LoginError(_("NIK atau kode aktivasi salah, atau kode sudah kedaluwarsa."))
    with transaction.atomic():
        account.pin_hash = make_password(pin)
        account.code_hash = ""
        account.code_expires_at = None
        account.failed_attempts = 0
        account.save()
        audit.record(actor=None, action="letters.resident_pin_set", obj=account, data={"ip": ip})
    return account


def resident_login(*, nik: str, pin: str, ip: str | None = None) -> User:
    """Return the resident's user for a right NIK + PIN; count and lock on failures."""
    account = _account(nik)
    if account is None or not account.pin_hash:
        check_password(pin, _DUMMY)  # same cost as a real check: no NIK probing by timing
        raise LoginError(_("NIK atau PIN salah."))
    _check_lock(account)
    if not account.resident.is_alive or not check_password(pin, account.pin_hash):
        _fail(account, ip)
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
        account.failed_attempts = 0
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
