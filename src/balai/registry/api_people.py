"""Registry API: people (mounted by registry/api.py)."""

from ninja import Router

router = Router()
