"""Reads of accounts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.models import ApiToken, RoleAssignment, User
from balai.accounts.roles import ROLE_PERMS, Perm
from balai.accounts.services import token_hash
from balai.regions.models import Area


def roles_of(user: User) -> QuerySet[RoleAssignment]:
    """Return *user*'s active roles with their areas."""
    return RoleAssignment.objects.filter(user=user, is_active=True).select_related("area")


def role_get_for_user(user: User, pk: int) -> RoleAssignment:
    """Return one of *user*'s own active roles, or 404."""
    role = roles_of(user).filter(pk=pk).first()
    if role is None:
        raise Http404(_("Peran tidak ditemukan."))
    return role


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """Return *user*'s API tokens, newest first."""
    return ApiToken.objects.filter(user=user).select_related("role__area")


def token_get_for_user(user: User, pk: int) -> ApiToken:
    """Return one of *user*'s own tokens, or 404."""
    token = tokens_of(user).filter(pk=pk).first()
    if token is None:
        raise Http404(_("Token tidak ditemukan."))
    return token


def token_authenticate(key: str) -> ApiToken | None:
    """Return the usable token whose key is *key*, with its user and role."""
    token = (
        ApiToken.objects.filter(
            key_hash=token_hash(key), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("user", "role__area")
        .first()
    )
    if token is None or not token.user.is_active or not token.role.is_active:
        return None
    if Perm.ACCOUNTS_USE_API not in ROLE_PERMS.get(token.role.role, frozenset()):
        return None  # made before the permission was enforced, or the role lost it
    return token


def users_in_scope(user: Any) -> QuerySet[User]:
    """Return the users holding a role inside *user*'s area."""
    visible = access.scoped(
        RoleAssignment.objects.filter(is_active=True), user, Perm.ACCOUNTS_VIEW_USERS
    )
    return User.objects.filter(roles__in=visible).distinct().order_by("username")


PICK_LIST_ALL_UP_TO = 300
PICK_SEARCH_LIMIT = 50


def areas_to_pick(
    *, user: Any, perm: str, levels: tuple[str, ...], query: str = ""
) -> tuple[list[Area], bool]:
    """Return the areas of *levels* *user* may open with *perm*, and whether a search is needed.

    Up to ``PICK_LIST_ALL_UP_TO`` areas are listed whole (a kabupaten's villages);
    above that (a national admin) only matches of a name search are shown.
    """
    within = access.scope_code(user, perm)
    qs = Area.objects.filter(level__in=levels, is_active=True)
    if within:
        qs = qs.filter(code__within=within)
    query = " ".join(query.split())
    if len(query) >= 2:
        return list(qs.filter(name__icontains=query).order_by("code")[:PICK_SEARCH_LIMIT]), False
    rows = list(qs.select_related("parent").order_by("code")[: PICK_LIST_ALL_UP_TO + 1])
    if len(rows) > PICK_LIST_ALL_UP_TO:
        return [], True
    return rows, False
