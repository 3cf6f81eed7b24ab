"""School rolls: which child is enrolled at which school, per school year."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.core.import_jobs import ImportJobBase
from balai.core.models import BaseModel


class Level(models.TextChoices):
    """Education level of a roll entry (the school-kind of ``facilities.PointKind``)."""

    PAUD = "paud", _("PAUD/TK/RA")
    SD = "sd", _("SD/MI")
    SMP = "smp", _("SMP/MTs")
    SMA = "sma", _("SMA/SMK/MA")
    PKBM = "pkbm", _("Kesetaraan (Paket A/B/C)")


class RollImport(ImportJobBase):
    """An uploaded school roll for the schools and children of one area."""

    # The area the uploader worked on (a village, or the kabupaten for Disdik):
    # children living outside it are refused, never named.
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("impor daftar murid")
        verbose_name_plural = _("impor daftar murid")
        ordering = ["-created_at"]

    def get_absolute_url(self) -> str:
        return reverse("education:import_detail", args=[self.pk])


class Enrolment(BaseModel):
    """A child on a school's roll in one school year (``school_year`` 2026 = 2026/2027)."""

    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("anak"),
        on_delete=models.CASCADE,
        related_name="school_enrolments",
    )
    school = models.ForeignKey(
        "facilities.ServicePoint",
        verbose_name=_("sekolah"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    level = models.CharField(_("jenjang"), max_length=8, choices=Level.choices)
    school_year = models.PositiveSmallIntegerField(_("tahun ajaran (tahun mulai)"))
    source = models.ForeignKey(
        RollImport,
        verbose_name=_("impor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )

    class Meta:
        verbose_name = _("murid terdaftar")
        verbose_name_plural = _("murid terdaftar")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "school_year"], name="enrolment_one_per_child_year"
            ),
        ]
        indexes = [models.Index(fields=["school_year", "resident"], name="enrolment_year_child")]

    def __str__(self) -> str:
        return f"{self.resident_id} {self.school_year}/{self.school_year + 1} {self.level}"
