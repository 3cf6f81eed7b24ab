"""Records of the duplicate finder: dismissed pairs and merges.

Kept apart from models.py so the finder can grow without touching the core
registry models; models.py imports these at its end so Django sees them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class DuplicateDismissal(models.Model):
    """A pair the finder proposed and a person judged to be two people.

    The pair is stored in id order (``resident_a_id < resident_b_id``) so it
    is found again whichever way round it is proposed, and never comes back.
    """

    resident_a = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")
    resident_b = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("keterangan"), blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pasangan bukan data ganda")
        verbose_name_plural = _("pasangan bukan data ganda")
        constraints = [
            models.UniqueConstraint(
                fields=["resident_a", "resident_b"], name="duplicate_dismissal_pair"
            ),
            models.CheckConstraint(
                condition=Q(resident_a__lt=F("resident_b")), name="duplicate_dismissal_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident_a_id}≠{self.resident_b_id}"


class ResidentMerge(models.Model):
    """*removed* was the same person as *kept*; *removed* is kept as INVALID.

    Other apps that hold references to residents consult this table
    (``kept_for(resident_id)``) to follow a merged record to the one kept.
    """

    kept = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("data yang dipertahankan"),
        on_delete=models.PROTECT,
        related_name="merges_kept",
    )
    removed = models.OneToOneField(
        "registry.Resident",
        verbose_name=_("data yang digabungkan"),
        on_delete=models.PROTECT,
        related_name="merge_removed",
    )
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.JSONField(_("bukti kemiripan"), default=dict, blank=True)
    moved_events = models.PositiveIntegerField(_("peristiwa dipindahkan"), default=0)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penggabungan data ganda")
        verbose_name_plural = _("penggabungan data ganda")
        constraints = [
            models.CheckConstraint(condition=~Q(kept=F("removed")), name="resident_merge_distinct"),
        ]

    def __str__(self) -> str:
        return f"{self.removed_id}→{self.kept_id}"
