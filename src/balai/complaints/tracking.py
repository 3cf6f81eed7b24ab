"""Tracking codes: how a code people type is normalised and stored (intake and look-ups)."""

from __future__ import annotations

import hashlib


def tracking_hash(code: str) -> str:
    """Return the stored form of a tracking code (normalised, SHA-256)."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def normalise_code(code: str) -> str:
    """Upper-case *code* and drop spaces and dashes people type."""
    return "".join(ch for ch in code.upper() if ch.isalnum())
