"""The per-village population summary behind fast statistics pages.

Imported at the end of ``registry/models.py`` so Django registers it in the
registry app. Only ``stats.summary`` reads and writes it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PopulationSummary(models.Model):
    """Counts of the living residents of one village (or a sum over villages).

    ``counts`` is ``{dimension: {value: [male, female]}}`` (value ``"0"`` is
    "not filled"; the ``age`` dimension holds the band index + 1, computed on
    ``computed_on``). A village row is fresh only when it was computed today
    and at the current ``version``: ``summary.invalidate`` bumps ``version``
    inside the writing transaction, so a computation that raced a write is
    never taken for fresh. A kecamatan/kabupaten/province row is a cached sum
    of village rows; its ``fingerprint`` names the day and the village
    versions it was summed from, and it is used only while they still match.
    """

    area = models.OneToOneField(
        "regions.Area",
        verbose_name=_("wilayah"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("versi"), default=0)
    computed_version = models.IntegerField(_("versi terhitung"), null=True, blank=True)
    computed_on = models.DateField(_("dihitung pada"), null=True, blank=True)
    counts = models.JSONField(_("jumlah"), default=dict, blank=True)
    fingerprint = models.CharField(_("sidik jumlah"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("ringkasan penduduk")
        verbose_name_plural = _("ringkasan penduduk")

    def __str__(self) -> str:
        return f"{self.area_id} @ {self.computed_on}"
