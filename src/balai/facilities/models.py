"""Service points of the supply register: health posts, schools, learning centres.

Posyandu units live in the posyandu app (``posyandu.Posyandu``); they are
service points too. They are counted from there (never copied), and a
``ServicePoint`` of kind ``posyandu`` only *locates* one unit: it links to
the unit (one at most) and adds its coordinates, capacity and staff.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel


class PointKind(models.TextChoices):
    POSYANDU = "posyandu", _("Posyandu")
    POSKESDES = "poskesdes", _("Poskesdes/Polindes")
    PUSTU = "pustu", _("Puskesmas Pembantu")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    PAUD = "paud", _("PAUD")
    SD = "sd", _("SD/MI")
    SMP = "smp", _("SMP/MTs")
    SMA = "sma", _("SMA/SMK")
    PKBM = "pkbm", _("PKBM")


SCHOOL_KINDS = (PointKind.PAUD, PointKind.SD, PointKind.SMP, PointKind.SMA, PointKind.PKBM)
npsn_validator = RegexValidator(r"^[0-9]{8}$", _("NPSN terdiri dari 8 angka."), code="invalid_npsn")


class ServicePoint(BaseModel):
    """A place residents go to for a basic service, in one village."""

    kind = models.CharField(_("jenis"), max_length=16, choices=PointKind.choices)
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa/kelurahan"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nama"), max_length=120)
    # Nomor Pokok Sekolah Nasional (Kemendikdasmen's Dapodik): schools and PKBM only.
    npsn = models.CharField(
        _("NPSN"), max_length=8, blank=True, default="", validators=[npsn_validator]
    )
    posyandu = models.OneToOneField(
        "posyandu.Posyandu",
        verbose_name=_("unit posyandu"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="service_point",
    )
    latitude = models.DecimalField(
        _("lintang"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("kapasitas"), null=True, blank=True, help_text=_("Murid, tempat tidur atau sasaran.")
    )
    staff_count = models.PositiveIntegerField(_("jumlah tenaga"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("titik layanan")
        verbose_name_plural = _("titik layanan")
        ordering = ["area_id", "kind", "name"]
        indexes = [models.Index(fields=["area", "kind"], name="servicepoint_area_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kind", "name"], name="servicepoint_name_per_village_kind"
            ),
            models.UniqueConstraint(
                fields=["npsn"], condition=~Q(npsn=""), name="servicepoint_npsn_unique"
            ),
            models.CheckConstraint(
                condition=Q(npsn="") | Q(kind__in=SCHOOL_KINDS),
                name="servicepoint_npsn_only_schools",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="servicepoint_both_coordinates_or_none",
            ),
            models.CheckConstraint(
                condition=Q(kind="posyandu", posyandu__isnull=False)
                | ~Q(kind="posyandu") & Q(posyandu__isnull=True),
                name="servicepoint_posyandu_kind_links_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None
