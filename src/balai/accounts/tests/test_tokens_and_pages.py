from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from balai.accounts.models import ApiToken
from balai.accounts.roles import Office, Role
from balai.accounts.services import TokenRefusedError, token_create, token_hash, token_revoke
from conftest import DESA_PINCARA, KAB_LUTRA, PASSWORD, MakeUser, login


def me(headers: dict[str, str]) -> int:
    return Client().get("/api/v1/me", headers=headers).status_code


@pytest.mark.django_db
def test_token_is_stored_hashed_and_works_until_revoked(operator: object) -> None:
    token, key = token_create(user=operator, role=operator.roles.first(), name="SIAK")  # type: ignore[arg-type, attr-defined]
    assert key.startswith("balai_")
    assert key not in token.key_hash
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert me({"Authorization": f"Bearer {key}"}) == 200
    token_revoke(actor=operator, token=token)  # type: ignore[arg-type]
    assert me({"Authorization": f"Bearer {key}"}) == 401


@pytest.mark.django_db
def test_expired_or_wrong_token_is_refused(operator: object) -> None:
    token, key = token_create(user=operator, role=operator.roles.first(), name="lama")  # type: ignore[arg-type, attr-defined]
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert me({"Authorization": f"Bearer {key}"}) == 401
    assert me({"Authorization": "Bearer balai_salah"}) == 401


@pytest.mark.django_db
def test_token_acts_as_its_role_not_the_web_active_role(make_user: MakeUser) -> None:
    user = make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="dua")
    staff = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINKES, username="dua")
    _t, key = token_create(
        user=user, role=staff.roles.get(role=Role.KABUPATEN_STAFF), name="dinkes"
    )
    body = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).json()
    assert body["acting_role"]["role"] == "kabupaten_staff"
    assert len(body["roles"]) == 2


@pytest.mark.django_db
def test_user_cannot_revoke_someone_elses_token(operator: object, camat: object) -> None:
    token, _key = token_create(user=camat, role=camat.roles.first(), name="camat")  # type: ignore[arg-type, attr-defined]
    response = login(operator).post(f"/akun/token/{token.pk}/cabut/")  # type: ignore[arg-type]
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    api = Client().delete(
        f"/api/v1/me/tokens/{token.pk}",
        headers={
            "Authorization": f"Bearer {token_create(user=operator, role=operator.roles.first(), name='x')[1]}"
        },
    )  # type: ignore[arg-type, attr-defined]
    assert api.status_code == 404


@pytest.mark.django_db
def test_token_page_shows_the_key_once(operator: object) -> None:
    client = login(operator)  # type: ignore[arg-type]
    role = operator.roles.first()  # type: ignore[attr-defined]
    response = client.post(
        "/akun/token/", {"name": "Aplikasi posyandu", "role": role.pk, "days": 30}
    )
    key = response.context["new_key"]
    assert key.startswith("balai_")
    assert key in response.content.decode()
    assert key not in client.get("/akun/token/").content.decode()


@pytest.mark.django_db
def test_token_page_makes_tokens_only_for_the_acting_role(operator: object, camat: object) -> None:
    response = login(operator).post(  # type: ignore[arg-type]
        "/akun/token/",
        {"name": "x", "role": camat.roles.first().pk, "days": 30},  # type: ignore[attr-defined]
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.user == operator and token.role == operator.roles.get()  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "area"),
    [
        (Role.RESIDENT, f"{DESA_PINCARA}.01.001"),
        (Role.POSYANDU_CADRE, DESA_PINCARA),
        (Role.RT_HEAD, f"{DESA_PINCARA}.01.001"),
    ],
)
def test_roles_without_use_api_cannot_make_tokens(
    make_user: MakeUser, role: str, area: str
) -> None:
    user = make_user(role, area)
    client = login(user)
    page = client.get("/akun/token/")
    assert 'data-testid="no-api"' in page.content.decode()
    assert client.post("/akun/token/", {"name": "x", "days": 30}).status_code == 403
    api = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")
    assert api.status_code == 403
    with pytest.raises(TokenRefusedError):
        token_create(user=user, role=user.roles.get(), name="x")
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_existing_token_of_a_role_without_use_api_stops_working(make_user: MakeUser) -> None:
    cadre = make_user(Role.POSYANDU_CADRE, DESA_PINCARA)
    key = "balai_dibuat-sebelum-aturan"
    ApiToken.objects.create(
        user=cadre,
        role=cadre.roles.get(),
        name="lama",
        prefix=key[:12],
        key_hash=token_hash(key),
        expires_at=timezone.now() + timedelta(days=30),
    )
    assert me({"Authorization": f"Bearer {key}"}) == 401


@pytest.mark.django_db
def test_a_token_cannot_mint_tokens(operator: object) -> None:
    _token, key = token_create(user=operator, role=operator.roles.first(), name="induk")  # type: ignore[arg-type, attr-defined]
    response = Client().post(
        "/api/v1/me/tokens",
        {"name": "anak", "days": 730},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 403
    assert ApiToken.objects.count() == 1


@pytest.mark.django_db
def test_api_token_acts_as_the_session_role_and_cannot_outrank_it(make_user: MakeUser) -> None:
    user = make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="dua")
    make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINKES, username="dua")
    higher = user.roles.get(role=Role.KABUPATEN_STAFF)
    client = login(user)  # acting as the village operator (the first role)
    refused = client.post(
        "/api/v1/me/tokens", {"name": "x", "role_id": higher.pk}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert not ApiToken.objects.exists()
    made = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["role_id"] == user.roles.get(role=Role.VILLAGE_OPERATOR).pk


@pytest.mark.django_db
def test_token_lifetime_is_capped_and_ends_with_its_role(operator: object) -> None:
    role = operator.roles.first()  # type: ignore[attr-defined]
    with override_settings(BALAI_API_TOKEN_TTL_DAYS=30):
        token, key = token_create(user=operator, role=role, name="x", days=730)  # type: ignore[arg-type]
    assert token.expires_at <= timezone.now() + timedelta(days=30)
    assert me({"Authorization": f"Bearer {key}"}) == 200
    role.is_active = False
    role.save()
    assert me({"Authorization": f"Bearer {key}"}) == 401


@pytest.mark.django_db
def test_login_with_wrong_password_says_so_in_indonesian(operator: object) -> None:
    response = Client().post("/akun/masuk/", {"username": "op_pincara", "password": "salah"})
    assert response.status_code == 200
    assert "dan sandi yang benar" in response.content.decode()
    ok = Client().post("/akun/masuk/", {"username": "op_pincara", "password": PASSWORD})
    assert ok.status_code == 302


@pytest.mark.django_db
def test_password_is_hashed_with_argon2_in_production_settings() -> None:
    from balai.config import settings as prod

    assert prod.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_role_switch_by_form(make_user: MakeUser) -> None:
    user = make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="ganda")
    make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="ganda")
    cadre = user.roles.get(role=Role.POSYANDU_CADRE)
    client = login(user)
    client.post("/akun/peran/", {"role": cadre.pk})
    assert client.get("/").context["role"] == cadre
    assert client.post("/akun/peran/", {"role": 999999}).status_code == 404


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_from_that_address(operator: object) -> None:
    from django.conf import settings

    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/akun/masuk/", {"username": "op_pincara", "password": "tebak"})
    locked = attacker.post("/akun/masuk/", {"username": "op_pincara", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Akun dikunci sementara" in locked.content.decode()
    assert "_auth_user_id" not in attacker.session
    elsewhere = Client(REMOTE_ADDR="10.1.1.1").post(
        "/akun/masuk/", {"username": "op_pincara", "password": PASSWORD}
    )
    assert elsewhere.status_code == 302
