"""API endpoints of the complaints module (mounted by config/api.py)."""

from ninja import Router

router = Router(tags=["complaints"])
