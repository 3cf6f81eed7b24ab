"""Registry API: imports (mounted by registry/api.py)."""

from ninja import Router

router = Router()
