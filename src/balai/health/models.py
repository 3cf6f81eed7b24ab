"""Basic health services (SPM kesehatan): services received and prevalence parameters.

Demand (the target groups) is read from the registry and the posyandu app;
this app stores what they do not hold: the services a puskesmas records by
name (``ServiceRecord``, imported from its register through ``ServiceImport``
jobs) and, per kabupaten and year, the prevalence parameters that estimate
the groups nobody lists by name (``PrevalenceParameter``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.core.import_jobs import RUNNING, JobStatus
from balai.core.models import BaseModel


class ServiceCode(models.TextChoices):
    """The standard service of each of the 12 health SPM services (PP 2/2018)."""

    ANC = "anc", _("Pelayanan antenatal (pemeriksaan kehamilan)")
    PERSALINAN = "persalinan", _("Persalinan oleh tenaga kesehatan di fasilitas kesehatan")
    NEONATAL = "neonatal", _("Kunjungan neonatal (bayi 0-28 hari)")
    BALITA = "balita", _("Pemantauan pertumbuhan dan perkembangan balita")
    PENJARINGAN = "penjaringan", _("Skrining kesehatan usia pendidikan dasar")
    PRODUKTIF = "produktif", _("Skrining kesehatan usia produktif (15-59 tahun)")
    LANSIA = "lansia", _("Skrining kesehatan usia lanjut (60 tahun ke atas)")
    HIPERTENSI = "hipertensi", _("Pelayanan penderita hipertensi")
    DIABETES = "diabetes", _("Pelayanan penderita diabetes melitus")
    ODGJ = "odgj", _("Pelayanan kesehatan jiwa ODGJ berat")
    TB = "tb", _("Pemeriksaan orang terduga tuberkulosis")
    HIV = "hiv", _("Tes HIV orang berisiko terinfeksi HIV")


class EstimatedGroup(models.TextChoices):
    """Target groups estimated as population of an age band x prevalence."""

    HIPERTENSI = "hipertensi", _("Penderita hipertensi")
    DIABETES = "diabetes", _("Penderita diabetes melitus")
    ODGJ = "odgj", _("ODGJ berat")
    TB = "tb", _("Orang terduga tuberkulosis")
    HIV = "hiv", _("Orang berisiko terinfeksi HIV")


class PrevalenceParameter(BaseModel):
    """A kabupaten's prevalence for one estimated group in one year, with its source."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    group = models.CharField(_("kelompok sasaran"), max_length=16, choices=EstimatedGroup.choices)
    rate_percent = models.DecimalField(_("prevalensi (%)"), max_digits=7, decimal_places=4)
    age_min = models.PositiveSmallIntegerField(_("umur paling rendah (tahun)"), default=0)
    age_max = models.PositiveSmallIntegerField(
        _("umur paling tinggi (tahun)"), null=True, blank=True
    )
    source = models.CharField(_("sumber"), max_length=255)
    confirmed = models.BooleanField(_("sumber sudah diperiksa"), default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("parameter prevalensi")
        verbose_name_plural = _("parameter prevalensi")
        ordering = ["area_id", "-year", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "group"], name="prevalence_once_per_kabupaten_year"
            ),
            models.CheckConstraint(
                condition=Q(rate_percent__gte=0) & Q(rate_percent__lte=100),
                name="prevalence_rate_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=Q(age_max__isnull=True) | Q(age_max__gte=models.F("age_min")),
                name="prevalence_age_band_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.year} {self.group} {self.rate_percent}%"


# The shared import-job life (core.import_jobs): its statuses under their old names here.
ImportStatus = JobStatus
IMPORT_RUNNING = RUNNING


class ServiceImport(BaseModel):
    """An uploaded puskesmas service register: checked by the worker, then committed."""

    # The uploader's area: NIKs are matched inside it.
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Emptied when the job ends (done, refused, discarded) or by the sweep.
    file = models.FileField(_("berkas"), upload_to="health-imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    preview = models.JSONField(_("pratinjau"), default=dict, blank=True)
    error = models.TextField(_("galat"), blank=True)
    created_records = models.PositiveIntegerField(_("layanan dicatat"), default=0)

    class Meta:
        verbose_name = _("impor layanan puskesmas")
        verbose_name_plural = _("impor layanan puskesmas")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("health:import_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in IMPORT_RUNNING

    @property
    def can_commit(self) -> bool:
        return self.status == ImportStatus.CHECKED and bool(self.preview.get("ok"))

    @property
    def can_retry(self) -> bool:
        return self.status == ImportStatus.FAILED and bool(self.file.name)

    @property
    def can_discard(self) -> bool:
        return self.status in (ImportStatus.CHECKED, ImportStatus.FAILED) and bool(self.file.name)


class ServiceRecord(BaseModel):
    """One standard health service a resident received, as a puskesmas recorded it."""

    resident = models.ForeignKey(
        "registry.Resident", on_delete=models.PROTECT, related_name="health_services"
    )
    # The resident's area when the service was recorded (counted per village).
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.CharField(_("layanan"), max_length=16, choices=ServiceCode.choices)
    service_date = models.DateField(_("tanggal layanan"))
    place = models.CharField(_("tempat layanan"), max_length=120, blank=True)
    point = models.ForeignKey(
        "facilities.ServicePoint",
        verbose_name=_("sarana"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.ForeignKey(
        ServiceImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )

    class Meta:
        verbose_name = _("layanan kesehatan diterima")
        verbose_name_plural = _("layanan kesehatan diterima")
        ordering = ["service_date", "id"]
        indexes = [
            models.Index(fields=["service", "service_date"], name="healthrecord_service_date"),
            models.Index(fields=["area", "service_date"], name="healthrecord_area_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "service", "service_date"], name="healthrecord_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} {self.service} {self.service_date:%d-%m-%Y}"
