"""Notifications on public steps and escalations, through pluggable channels.

Email is built in. WhatsApp and SMS go through a gateway class named in
``settings.COMPLAINTS_MESSAGE_CHANNEL`` (dotted path); the default,
``LogChannel``, only writes the message to the log, since no gateway is
configured. Every attempt is kept in ``NotificationLog``.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from balai.complaints.models import NotificationLog

logger = logging.getLogger(__name__)


class Channel(Protocol):
    """Something that can deliver a short message to one recipient."""

    name: str

    def send(self, *, recipient: str, subject: str, body: str) -> None:
        """Deliver the message or raise."""


class EmailChannel:
    name = "email"

    def send(self, *, recipient: str, subject: str, body: str) -> None:
        send_mail(subject, body, None, [recipient], fail_silently=False)


class LogChannel:
    """Stand-in for a WhatsApp/SMS gateway: logs what would have been sent."""

    name = "log"

    def send(self, *, recipient: str, subject: str, body: str) -> None:
        logger.info("message to %s: %s — %s", recipient, subject, body)


def message_channel() -> Channel:
    """Return the configured WhatsApp/SMS channel (``LogChannel`` by default)."""
    path = getattr(settings, "COMPLAINTS_MESSAGE_CHANNEL", "balai.complaints.notify.LogChannel")
    channel: Channel = import_string(path)()
    return channel


def deliver(
    channel: Channel, *, recipient: str, subject: str, body: str, complaint_id: int | None
) -> NotificationLog:
    """Send through *channel* and log the attempt; a failure is logged, never raised."""
    entry = NotificationLog(
        complaint_id=complaint_id,
        channel=channel.name,
        recipient=recipient,
        subject=subject[:200],
        body=body,
    )
    try:
        channel.send(recipient=recipient, subject=subject, body=body)
    except Exception as exc:
        entry.ok = False
        entry.error = str(exc)[:300]
        logger.warning("notification via %s failed: %s", channel.name, exc)
    entry.save()
    return entry
