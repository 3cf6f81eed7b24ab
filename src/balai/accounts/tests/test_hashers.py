"""The Argon2id cost, and the upgrade of hashes made with Django's default cost."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.test import override_settings

from balai.accounts.hashers import BalaiArgon2PasswordHasher

HASHERS = [
    "balai.accounts.hashers.BalaiArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_hashes_use_owasp_argon2id_parameters() -> None:
    encoded = BalaiArgon2PasswordHasher().encode("Kata-Sandi-Uji-1", "c2FsdHNhbHRzYWx0")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert BalaiArgon2PasswordHasher().verify("Kata-Sandi-Uji-1", encoded)
    assert not BalaiArgon2PasswordHasher().verify("Kata-Sandi-Uji-2", encoded)


@override_settings(PASSWORD_HASHERS=HASHERS)
def test_a_hash_with_djangos_default_cost_verifies_and_is_upgraded() -> None:
    old = Argon2PasswordHasher().encode("Kata-Sandi-Uji-1", "c2FsdHNhbHRzYWx0")
    assert "m=102400,t=2,p=8" in old
    upgraded: list[str] = []
    assert check_password(
        "Kata-Sandi-Uji-1", old, setter=lambda raw: upgraded.append(make_password(raw))
    )
    assert len(upgraded) == 1
    assert "m=19456,t=2,p=1" in upgraded[0]
    assert check_password("Kata-Sandi-Uji-1", upgraded[0])
    assert not check_password("Kata-Sandi-Uji-2", old)
