"""One table for every area: the four Kemendagri levels and dusun/RW/RT.

The primary key is the area's code, a dotted path (``73.22.01.2001`` is a
village, ``73.22.01.2001.02.001`` an RT in its second dusun). Every table
that belongs to an area stores that code, so "everything in this
kecamatan" is a prefix query on one indexed column, with no join and no
recursion (see ``core.lookups.Within``).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.core.areacodes import ancestor_codes
from balai.core.models import BaseModel


class Level(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN_KOTA = "kabupaten_kota", _("Kabupaten/Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA_KELURAHAN = "desa_kelurahan", _("Desa/Kelurahan")
    DUSUN = "dusun", _("Dusun")
    RW = "rw", _("RW")
    RT = "rt", _("RT")


KEMENDAGRI_LEVELS = (
    Level.PROVINSI,
    Level.KABUPATEN_KOTA,
    Level.KECAMATAN,
    Level.DESA_KELURAHAN,
)
SUBVILLAGE_LEVELS = (Level.DUSUN, Level.RW, Level.RT)

# Which level a sub-village area may hang under. Kelurahan have RW/RT and no
# dusun; many desa outside Java have dusun with RT and no RW.
SUBAREA_PARENTS: dict[str, tuple[str, ...]] = {
    Level.DUSUN: (Level.DESA_KELURAHAN,),
    Level.RW: (Level.DESA_KELURAHAN, Level.DUSUN),
    Level.RT: (Level.RW, Level.DUSUN),
}


class Kind(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA_ADAT = "desa_adat", _("Desa Adat")
    DUSUN = "dusun", _("Dusun")
    RW = "rw", _("RW")
    RT = "rt", _("RT")


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB")
    WITA = "Asia/Makassar", _("WITA")
    WIT = "Asia/Jayapura", _("WIT")


class Area(BaseModel):
    """A province, kabupaten/kota, kecamatan, desa/kelurahan, dusun, RW or RT."""

    code = models.CharField(_("kode"), max_length=40, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    timezone = models.CharField(
        _("zona waktu"), max_length=20, choices=TimeZone.choices, default=TimeZone.WIB
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "name"], name="area_level_name")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True, level=Level.PROVINSI)
                | models.Q(parent__isnull=False) & ~models.Q(level=Level.PROVINSI),
                name="area_only_provinces_are_roots",
            ),
        ]

    def __str__(self) -> str:
        # Kemendagri names of kabupaten/kota, and village-made names of RT/RW,
        # usually carry their noun already ("Kabupaten Luwu Utara", "RT 001").
        kind = str(self.get_kind_display())
        if self.name.lower().startswith(kind.lower()):
            return self.name
        return f"{kind} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("regions:detail", args=[self.code])

    @property
    def is_subvillage(self) -> bool:
        return self.level in SUBVILLAGE_LEVELS

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes of every area above this one, from the province down."""
        return ancestor_codes(self.code)

    def contains(self, code: str) -> bool:
        """Tell whether *code* is this area or lies below it."""
        return code == self.code or code.startswith(self.code + ".")


class AreaBoundary(BaseModel):
    """An area's polygon for maps, simplified once at load, and its centroid.

    ``geometry`` is GeoJSON (``Polygon``/``MultiPolygon``, [longitude, latitude],
    5 decimals). Areas without a polygon have no row; maps list them in the
    table below the map. Loaded by ``balai boundaries load`` (``regions/boundaries.py``).
    """

    area = models.OneToOneField(
        Area,
        verbose_name=_("wilayah"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="boundary",
    )
    geometry = models.JSONField(_("poligon (GeoJSON)"))
    centroid_lat = models.FloatField(_("lintang titik tengah"))
    centroid_lng = models.FloatField(_("bujur titik tengah"))
    source = models.CharField(_("sumber"), max_length=120)

    class Meta:
        verbose_name = _("batas wilayah")
        verbose_name_plural = _("batas wilayah")
        ordering = ["area_id"]

    def __str__(self) -> str:
        return str(self.area_id)
