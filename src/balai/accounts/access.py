"""The one place that decides what a user may see and do.

A user acts as one role at a time (their *acting role*: the active role they
chose on the web, or the role an API token was made for). A role grants a
set of permissions (``roles.ROLE_PERMS``) inside one area of the tree; the
area's code is a path, so "inside" is a prefix test. Views are marked with
``public``/``own_account``/``requires`` so a test can prove that every route
is covered; objects are fetched through ``get_*_for_user`` functions and
lists through ``scoped``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from balai.accounts.models import RoleAssignment, User
from balai.accounts.roles import OFFICE_PERMS, ROLE_PERMS
from balai.regions.models import Area, Level
from balai.regions.selectors import area_get

M = TypeVar("M", bound=Model)
F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
OWN_ACCOUNT = "own_account"
_CACHE = "_balai_acting_role"


def acting_role(user: Any) -> RoleAssignment | None:
    """Return the role *user* acts as now, or None (anonymous or no active role)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if hasattr(user, _CACHE):
        cached: RoleAssignment | None = getattr(user, _CACHE)
        return cached
    roles = list(RoleAssignment.objects.filter(user=user, is_active=True).select_related("area"))
    chosen = next((r for r in roles if r.pk == user.active_role_id), None)
    role = chosen or (roles[0] if roles else None)
    setattr(user, _CACHE, role)
    return role


def act_as(user: User, role: RoleAssignment) -> None:
    """Make *role* the acting role of *user* for this request (API tokens)."""
    setattr(user, _CACHE, role if role.is_active and role.user_id == user.pk else None)


def forget_acting_role(user: Any) -> None:
    """Drop the cached acting role after the user switches roles."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def covers(role: RoleAssignment, code: str) -> bool:
    """Tell whether *role*'s area is *code* or an area above it."""
    scope = role.scope_code
    return scope is None or code == scope or code.startswith(scope + ".")


def has_perm(user: Any, perm: str, area: Area | str | None = None) -> bool:
    """Tell whether *user*'s acting role grants *perm* (inside *area*, if given)."""
    role = acting_role(user)
    if role is None:
        return False
    if perm not in ROLE_PERMS.get(role.role, frozenset()) and perm not in OFFICE_PERMS.get(
        role.office, frozenset()
    ):
        return False
    if area is None:
        return True
    code = area if isinstance(area, str) else area.code
    return covers(role, code)


def require(user: Any, perm: str, area: Area | str | None = None) -> None:
    """Raise PermissionDenied unless ``has_perm(user, perm, area)``."""
    if not has_perm(user, perm, area):
        raise PermissionDenied(_("Anda tidak berwenang untuk tindakan ini di wilayah ini."))


def scope_code(user: Any, perm: str) -> str | None:
    """Return the area code *user* may use *perm* in (None: everywhere)."""
    require(user, perm)
    role = acting_role(user)
    assert role is not None  # noqa: S101 -- require() passed
    return role.scope_code


def scope_q(user: Any, perm: str, field: str = "area") -> Q:
    """Return a filter for rows whose *field* (an area code) is in *user*'s scope."""
    code = scope_code(user, perm)
    return Q() if code is None else Q(**{f"{field}__within": code})


def scoped(qs: QuerySet[M], user: Any, perm: str, field: str = "area") -> QuerySet[M]:
    """Return *qs* narrowed to the rows *user* may see with *perm*."""
    return qs.filter(scope_q(user, perm, field))


def get_area_for_user(user: Any, code: str, perm: str) -> Area:
    """Return the area *code* if *user* may use *perm* there (404 if unknown, else 403)."""
    area = area_get(code)
    require(user, perm, area)
    return area


class AreaChoiceRequired(Exception):  # noqa: N818 -- a signal to the middleware, not an error
    """The page works on one area of *levels*; the acting role covers many."""

    def __init__(self, perm: str, levels: tuple[str, ...]) -> None:
        super().__init__(perm, levels)
        self.perm = perm
        self.levels = levels


AREA_PARAM = "wilayah"


def page_area(request: HttpRequest, perm: str, *, levels: tuple[str, ...]) -> Area:
    """Return the area a page works on, one of *levels*, inside the caller's scope.

    ``?wilayah=CODE`` picks an area (404 if unknown or of another level, 403
    outside scope); without it, the acting role's own area when it is of one of
    *levels*. A role above those levels (a camat on a village page, a national
    admin) is asked to pick one: ``AreaChoiceRequired`` is turned into a picker
    page by ``AreaChoiceMiddleware``. A role below them gets a 404.
    """
    code = request.GET.get(AREA_PARAM, "").strip()
    if code:
        picked = get_area_for_user(request.user, code, perm)
        if picked.level not in levels:
            raise Http404(_("Halaman ini tidak tersedia untuk wilayah tersebut."))
        return picked
    role = acting_role(request.user)
    area: Area | None = getattr(role, "area", None)
    if area is not None and area.level in levels:
        require(request.user, perm, area)
        return area
    if area is None or _above(area, levels):
        require(request.user, perm)
        raise AreaChoiceRequired(perm, levels)
    raise Http404(_("Halaman ini tidak tersedia untuk wilayah tersebut."))


def page_area_allowed(user: Any, perm: str, *, levels: tuple[str, ...]) -> bool:
    """Tell whether ``page_area`` can give *user* an area (directly or by a pick)."""
    role = acting_role(user)
    if role is None or not has_perm(user, perm):
        return False
    return role.area is None or role.area.level in levels or _above(role.area, levels)


# The fewest dots a code of each level has (RW and RT may sit under a dusun or not).
_MIN_DEPTH: dict[str, int] = {
    Level.PROVINSI: 0,
    Level.KABUPATEN_KOTA: 1,
    Level.KECAMATAN: 2,
    Level.DESA_KELURAHAN: 3,
    Level.DUSUN: 4,
    Level.RW: 4,
    Level.RT: 5,
}


def _above(area: Area, levels: tuple[str, ...]) -> bool:
    return area.code.count(".") < min(_MIN_DEPTH[level] for level in levels)


def may_see_subareas(user: Any, area: Area) -> bool:
    """Tell whether *user* may see the dusun/RW/RT below *area*."""
    from balai.accounts.roles import Perm

    return has_perm(user, Perm.REGIONS_VIEW_SUBAREAS, area)


# ---- view markers: every routed view carries exactly one ----------------------


def public(view: F) -> F:
    """Mark *view* as open to everyone (it must show no personal data)."""
    view.access_policy = PUBLIC  # type: ignore[attr-defined]
    return view


def own_account(view: F) -> F:
    """Require login; the view touches only the user's own account."""
    wrapped = login_required(view)
    wrapped.access_policy = OWN_ACCOUNT  # type: ignore[attr-defined]
    return wrapped  # type: ignore[no-any-return]


def requires(perm: str) -> Callable[[F], F]:
    """Require login and an acting role granting *perm* somewhere.

    The view must still fetch its objects through a scoped selector: this
    only rejects users who could never use *perm*.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            require(request.user, perm)
            return view(request, *args, **kwargs)

        wrapped = login_required(inner)
        wrapped.access_policy = perm  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def api_public(func: F) -> F:
    """Mark an API operation as open to everyone (use with ``auth=OPTIONAL_AUTH``)."""
    func.access_policy = PUBLIC  # type: ignore[attr-defined]
    return func


def api_own_account(func: F) -> F:
    """Mark an API operation as touching only the caller's own account."""
    func.access_policy = OWN_ACCOUNT  # type: ignore[attr-defined]
    return func


def api_requires(perm: str) -> Callable[[F], F]:
    """Require an acting role granting *perm* for an API operation (auth is Ninja's)."""

    def decorator(func: F) -> F:
        @wraps(func)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            require(request.user, perm)
            return func(request, *args, **kwargs)

        inner.access_policy = perm  # type: ignore[attr-defined]
        return inner  # type: ignore[return-value]

    return decorator
