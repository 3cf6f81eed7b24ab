"""API endpoints of the registry module (mounted by config/api.py)."""

from ninja import Router

router = Router(tags=["registry"])
