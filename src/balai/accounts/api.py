"""The caller's own account: who am I, my roles, my API tokens."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from balai.accounts import access, selectors, services
from balai.accounts.models import ApiToken, RoleAssignment
from balai.accounts.roles import Perm
from balai.accounts.schemas import MeOut, TokenCreatedOut, TokenIn, TokenOut

router = Router(tags=["akun"])


def _role(r: RoleAssignment | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "id": r.pk,
        "role": r.role,
        "role_label": r.get_role_display(),
        "area_code": r.area_id,
        "area_name": r.area.name if r.area else None,
        "office": r.office,
    }


@router.get("", response=MeOut, summary="Akun pemanggil")
@access.api_own_account
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),  # type: ignore[union-attr]
        "acting_role": _role(access.acting_role(user)),
        "roles": [_role(r) for r in selectors.roles_of(user)],  # type: ignore[arg-type]
    }


@router.get("/tokens", response=list[TokenOut], summary="Token API saya")
@access.api_own_account
def token_list(request: HttpRequest) -> list[ApiToken]:
    return list(selectors.tokens_of(request.user))  # type: ignore[arg-type]


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Buat token API")
@access.api_requires(Perm.ACCOUNTS_USE_API)
def token_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    # Acts as the caller's current role, and only from a logged-in session.
    if isinstance(getattr(request, "auth", None), ApiToken):
        raise PermissionDenied(
            _("Token API hanya dapat dibuat dari sesi yang masuk, bukan dengan token API.")
        )
    role = access.acting_role(request.user)
    if role is None or (payload.role_id is not None and payload.role_id != role.pk):
        raise PermissionDenied(_("Token hanya dapat dibuat untuk peran yang sedang Anda jalankan."))
    token, key = services.token_create(
        user=request.user,  # type: ignore[arg-type]
        role=role,
        name=payload.name,
        days=payload.days,
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "key": key})


@router.delete("/tokens/{token_id}", response=TokenOut, summary="Cabut token API")
@access.api_own_account
def token_revoke(request: HttpRequest, token_id: int) -> ApiToken:
    token = selectors.token_get_for_user(request.user, token_id)  # type: ignore[arg-type]
    return services.token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
