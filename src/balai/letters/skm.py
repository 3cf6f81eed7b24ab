"""The village letter service as an SKM service unit (``complaints.skm``): its population."""

from __future__ import annotations

from datetime import datetime

from balai.letters.models import LetterRequest, Status


def letters_population(area_code: str, start: datetime, end: datetime) -> int:
    """Count the letter requests finished in *area_code* between *start* and *end*."""
    return (
        LetterRequest.objects.filter(
            area__within=area_code, completed_at__gte=start, completed_at__lt=end
        )
        .exclude(status=Status.REJECTED)
        .count()
    )
