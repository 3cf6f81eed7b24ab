"""The secret of a personal iCal feed and its stored form (a keyed hash)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

PREFIX = "bw_"


def new_key() -> str:
    """Return a fresh feed secret (256 random bits, URL-safe)."""
    return PREFIX + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    """Return the stored form of *key*: HMAC-SHA256 under the site's secret key."""
    return hmac.new(
        settings.SECRET_KEY.encode(), b"binwas-feed:" + key.encode(), hashlib.sha256
    ).hexdigest()
