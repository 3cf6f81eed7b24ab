"""API endpoints of the posyandu module (mounted by config/api.py)."""

from ninja import Router

router = Router(tags=["posyandu"])
