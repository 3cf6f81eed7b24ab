"""Writes to accounts: users, roles, the active role and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import ApiToken, Language, RoleAssignment, User
from balai.accounts.roles import ROLE_LEVELS, ROLE_PERMS, Perm, Role
from balai.core import audit
from balai.core.errors import DomainError
from balai.regions.models import Area

TOKEN_PREFIX = "balai_"  # noqa: S105 -- a label, not a secret


def user_create(
    *, actor: Any, username: str, password: str | None, full_name: str = "", email: str = ""
) -> User:
    """Create a user; *password* None leaves the account unable to log in."""
    first, _sep, last = full_name.strip().partition(" ")
    user = User(username=username, first_name=first, last_name=last, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    return user


def role_assign(
    *, actor: Any, user: User, role: str, area: Area | None, office: str = ""
) -> RoleAssignment:
    """Give *user* a *role* in *area*; the area's level must fit the role."""
    if area is None and role != Role.SYSTEM_ADMIN:
        raise DomainError(_("Peran ini harus terikat pada satu wilayah."))
    if area is not None and area.level not in ROLE_LEVELS[role]:
        raise DomainError(
            _("Peran %(role)s tidak bisa diberikan di tingkat %(level)s.")
            % {"role": Role(role).label, "level": area.get_level_display()}
        )
    if (role == Role.KABUPATEN_STAFF) != bool(office):
        raise DomainError(_("Kantor wajib diisi untuk staf kabupaten, dan hanya untuk mereka."))
    with transaction.atomic():
        assignment, _created = RoleAssignment.objects.get_or_create(
            user=user, role=role, area=area, office=office, defaults={"is_active": True}
        )
        if not assignment.is_active:
            assignment.is_active = True
            assignment.save(update_fields=["is_active", "updated_at"])
        if user.active_role_id is None:
            user.active_role = assignment
            user.save(update_fields=["active_role"])
    return assignment


def role_switch(*, user: User, role: RoleAssignment) -> User:
    """Make *role* (one of *user*'s active roles) the role *user* acts as."""
    if role.user_id != user.pk or not role.is_active:
        raise DomainError(_("Peran itu bukan milik Anda."), code="not_your_role")
    user.active_role = role
    user.save(update_fields=["active_role"])
    audit.record(actor=user, action="accounts.role_switched", obj=user, data={"role": role.pk})
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Make *language* the language *user*'s screens are shown in."""
    if language not in Language.values:
        raise DomainError(_("Bahasa itu tidak tersedia."), code="unknown_language")
    with transaction.atomic():
        before = user.language
        user.language = language
        # Only the chosen field: older accounts may predate today's username rules.
        user.clean_fields(exclude=[f.name for f in User._meta.fields if f.name != "language"])
        user.save(update_fields=["language"])
        audit.record(
            actor=user,
            action="accounts.language_set",
            obj=user,
            data={"before": before, "after": language},
        )
    return user


def token_hash(key: str) -> str:
    """Return the stored form of a token key."""
    return hashlib.sha256(key.encode()).hexdigest()


class TokenRefusedError(DomainError):
    code = "token_refused"
    status = 403


def token_create(
    *, user: User, role: RoleAssignment, name: str, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create an API token acting as *role*; return it and the key (shown once).

    The callers pass the role the user acts as in their interactive session
    (never a token: tokens do not mint tokens), so a token cannot outrank its
    creator. The role must grant ``accounts.use_api``; the token lives at
    most ``BALAI_API_TOKEN_TTL_DAYS`` and stops working as soon as the role or
    the user is deactivated, or the role loses the permission.
    """
    if role.user_id != user.pk or not role.is_active:
        raise DomainError(_("Peran itu bukan milik Anda."), code="not_your_role")
    if Perm.ACCOUNTS_USE_API not in ROLE_PERMS.get(role.role, frozenset()):
        raise TokenRefusedError(
            _("Peran %(role)s tidak boleh memakai API, jadi tidak dapat membuat token.")
            % {"role": role.get_role_display()}
        )
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Beri nama token."), field_errors={"name": [_("Wajib diisi.")]})
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ttl = min(days or settings.BALAI_API_TOKEN_TTL_DAYS, settings.BALAI_API_TOKEN_TTL_DAYS)
    token = ApiToken(
        user=user,
        role=role,
        name=name[:80],
        prefix=key[: len(TOKEN_PREFIX) + 6],
        key_hash=token_hash(key),
        expires_at=timezone.now() + timedelta(days=ttl),
    )
    token.full_clean()
    token.save()  # audited by auditlog (ApiToken is tracked)
    return token, key


def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke *token* now; later calls with it are refused."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at", "updated_at"])
    return token


def token_touch(*, token: ApiToken) -> None:
    """Note that *token* was used, at most once a minute (no write per call)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
