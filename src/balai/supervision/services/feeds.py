"""Writes of personal iCal feeds: issue (or regenerate) and revoke."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import RoleAssignment
from balai.core import audit
from balai.core.errors import DomainError
from balai.regions.models import Area
from balai.supervision.feedkeys import key_hash, new_key
from balai.supervision.models import CalendarFeed


@transaction.atomic
def feed_issue(*, user: Any, role: RoleAssignment, area: Area) -> tuple[CalendarFeed, str]:
    """Give *user* a new feed URL secret for *area*'s agenda; return the feed and the secret.

    The secret is shown once; a previous one stops working at once. The
    caller passes the role the user acts as and an area it may see.
    """
    if role.user_id != user.pk or not role.is_active:
        raise DomainError(_("Peran itu bukan milik Anda."), code="not_your_role")
    key = new_key()
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        feed = CalendarFeed(user=user)
    feed.role, feed.area, feed.key_hash, feed.revoked_at = role, area, key_hash(key), None
    feed.full_clean()
    feed.save()
    audit.record(actor=user, action="supervision.feed_issued", obj=feed, data={"area": area.code})
    return feed, key


@transaction.atomic
def feed_revoke(*, user: Any) -> CalendarFeed | None:
    """Revoke *user*'s feed URL (if any); calendar apps using it get 404 from now on."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None or feed.revoked_at is not None:
        return feed
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at", "updated_at"])
    audit.record(actor=user, action="supervision.feed_revoked", obj=feed)
    return feed
