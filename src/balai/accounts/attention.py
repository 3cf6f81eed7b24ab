"""Home-page items about the user's own account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import ApiToken
from balai.core.attention import AttentionItem


def tokens_expiring(user: Any, role: Any) -> list[AttentionItem]:
    """Warn about API tokens that stop working within 14 days."""
    now = timezone.now()
    n = ApiToken.objects.filter(
        user=user,
        revoked_at__isnull=True,
        expires_at__gt=now,
        expires_at__lt=now + timedelta(days=14),
    ).count()
    if not n:
        return []
    return [
        AttentionItem(_("Token API yang segera kedaluwarsa"), reverse("accounts:tokens"), count=n)
    ]
