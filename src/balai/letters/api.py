"""API endpoints of the letters module (mounted by config/api.py)."""

from ninja import Router

router = Router(tags=["letters"])
