"""Indicator facts (numerator and denominator per village and period) and targets."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.indicators.periods import PeriodType
from balai.indicators.registry import Direction


class IndicatorFact(models.Model):
    """One indicator's numerator and denominator for one village and period.

    Written only by ``services.indicator_refresh``; every figure shown reads
    these rows, summed by code prefix for the areas above the village. A
    missing row means 0 / 0. An indicator declared above the village
    (``Indicator.level``) has its facts keyed to the kecamatan or kabupaten.
    """

    indicator = models.CharField(_("indikator"), max_length=60)
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa/kelurahan"), on_delete=models.PROTECT, related_name="+"
    )
    period_type = models.CharField(_("jenis periode"), max_length=1, choices=PeriodType.choices)
    period_start = models.DateField(_("awal periode"))
    numerator = models.BigIntegerField(_("pembilang"))
    denominator = models.BigIntegerField(_("penyebut"))
    computed_at = models.DateTimeField(_("dihitung pada"))

    class Meta:
        verbose_name = _("fakta indikator")
        verbose_name_plural = _("fakta indikator")
        constraints = [
            # Also the index of the roll-up: equality on the first three
            # columns, then a prefix range on the area code.
            models.UniqueConstraint(
                fields=["indicator", "period_type", "period_start", "area"],
                name="indicatorfact_unique_cell",
            ),
            models.CheckConstraint(
                condition=Q(numerator__gte=0, denominator__gte=0), name="indicatorfact_counts"
            ),
        ]
        indexes = [
            # The grid of a kabupaten (every village fact under a code prefix):
            # a prefix range on the area code, then the rest of the key, with
            # the counts in the index (an index-only scan on PostgreSQL; the
            # opclasses and INCLUDE are ignored elsewhere).
            models.Index(
                fields=["area", "indicator", "period_type", "period_start"],
                opclasses=["varchar_pattern_ops", "text_ops", "text_ops", "date_ops"],
                include=["numerator", "denominator"],
                name="indicatorfact_area_grid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area_id} {self.period_type}{self.period_start}"


class IndicatorRollup(models.Model):
    """The sums of one indicator's village facts for one kecamatan, kabupaten/kota or province.

    Materialised by ``services.indicator_refresh`` (and the marked-fact
    refresh) right after it writes the village facts of an indicator and
    period, for the areas above the villages it touched: always the SUM of
    the village numerators and denominators, never an average. The
    scorecards above the village read these rows instead of summing
    thousands of facts per request. ``services.rollup_rebuild`` recomputes
    them all from the facts.
    """

    indicator = models.CharField(max_length=60)
    area_code = models.CharField(max_length=13)  # "73", "73.22" or "73.22.03"
    level = models.PositiveSmallIntegerField()  # the code's length: 2, 5 or 8
    period_type = models.CharField(max_length=1, choices=PeriodType.choices)
    period_start = models.DateField()
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_type", "period_start", "area_code"],
                name="indicatorrollup_unique_cell",
            ),
        ]
        indexes = [
            # The areas under a code prefix (PostgreSQL: an index-only scan).
            models.Index(
                fields=["area_code", "indicator", "period_type", "period_start"],
                opclasses=["varchar_pattern_ops", "text_ops", "text_ops", "date_ops"],
                include=["level", "numerator", "denominator"],
                name="indicatorrollup_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area_code} {self.period_type}{self.period_start}"


class DirtyFact(models.Model):
    """A fact a write has made stale; the coalescing task recomputes and deletes it."""

    indicator = models.CharField(max_length=60)
    village = models.CharField(max_length=13)
    period_type = models.CharField(max_length=1, choices=PeriodType.choices)
    period_start = models.DateField()
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "village", "period_type", "period_start"],
                name="dirtyfact_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.village} {self.period_type}{self.period_start}"


class IndicatorTarget(BaseModel):
    """A target for one indicator and year: national (no area) or one kabupaten/kota.

    A kabupaten may set a stricter or a phased target; without a row the
    national row of the year applies, and without that the default declared
    with the indicator.
    """

    indicator = models.CharField(_("indikator"), max_length=60)
    area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosong: target nasional."),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(_("target"), max_digits=9, decimal_places=2)
    direction = models.CharField(_("arah"), max_length=2, choices=Direction.choices)
    near_band = models.DecimalField(
        _("batas 'hampir'"),
        max_digits=7,
        decimal_places=2,
        default=5,
        help_text=_("Selisih dari target yang masih dianggap hampir tercapai."),
    )
    basis = models.CharField(_("dasar penetapan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("target indikator")
        verbose_name_plural = _("target indikator")
        ordering = ["indicator", "year", "area_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year"],
                condition=Q(area__isnull=False),
                name="indicatortarget_unique_area",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(area__isnull=True),
                name="indicatortarget_unique_national",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0, near_band__gte=0), name="indicatortarget_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.area_id or 'nasional'}"


class Dhis2Kind(models.TextChoices):
    DATA_ELEMENT = "data_element", _("Data element")
    ORG_UNIT = "org_unit", _("Organisation unit")


class Dhis2Mapping(BaseModel):
    """A DHIS2 UID for one Balai code (for the ``uid`` id scheme of the DHIS2 export).

    Data elements are ``<indicator>.num`` and ``<indicator>.den``; org units
    are village codes (kecamatan or kabupaten codes for an indicator declared
    at that level). Without a mapping, export with the ``code`` id scheme:
    the DHIS2 instance then gives its objects Balai's codes.
    """

    kind = models.CharField(_("jenis"), max_length=12, choices=Dhis2Kind.choices)
    local_code = models.CharField(_("kode Balai"), max_length=64)
    uid = models.CharField(
        _("UID DHIS2"),
        max_length=11,
        validators=[RegexValidator(r"^[A-Za-z][A-Za-z0-9]{10}$", _("UID DHIS2: 11 karakter."))],
    )

    class Meta:
        verbose_name = _("pemetaan DHIS2")
        verbose_name_plural = _("pemetaan DHIS2")
        constraints = [
            models.UniqueConstraint(fields=["kind", "local_code"], name="dhis2mapping_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.local_code} → {self.uid}"
