"""Posyandu units, their cadres, enrolled children and mothers, and visits.

Every visit row stores the measurements *and* what the WHO growth engine
computed from them at save time (z-scores, flags, Permenkes status), plus the
area code of the child's address, so prevalence and follow-up lists are plain
indexed aggregates; their per-village counts per month and quarter are
indicator facts (``posyandu/indicators.py``, ``balai.indicators``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.core.areacodes import KABUPATEN_CODE_LENGTH as KABUPATEN_CODE_LENGTH
from balai.core.areacodes import KECAMATAN_CODE_LENGTH as KECAMATAN_CODE_LENGTH
from balai.core.areacodes import VILLAGE_CODE_LENGTH as VILLAGE_CODE_LENGTH
from balai.core.areacodes import village_code
from balai.core.models import BaseModel


class Posyandu(BaseModel):
    """A posyandu: a service unit of a village, placed in the village or a dusun/RW."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nama"), max_length=100)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("posyandu")
        verbose_name_plural = _("daftar posyandu")
        ordering = ["area_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="posyandu_name_per_area")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def village_code(self) -> str:
        return village_code(str(self.area_id))


class CadreLink(BaseModel):
    """A cadre (a user with the posyandu cadre role) serving one posyandu."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posyandu_links"
    )
    posyandu = models.ForeignKey(Posyandu, on_delete=models.CASCADE, related_name="cadres")

    class Meta:
        verbose_name = _("kader posyandu")
        verbose_name_plural = _("kader posyandu")
        constraints = [
            models.UniqueConstraint(fields=["user", "posyandu"], name="cadre_once_per_posyandu")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.posyandu}"


class EnrolmentKind(models.TextChoices):
    CHILD = "child", _("Balita")
    MOTHER = "mother", _("Ibu hamil/nifas")


class Enrolment(BaseModel):
    """A child under five or a pregnant woman belonging to one posyandu."""

    resident = models.OneToOneField(
        "registry.Resident", on_delete=models.PROTECT, related_name="posyandu_enrolment"
    )
    posyandu = models.ForeignKey(Posyandu, on_delete=models.PROTECT, related_name="enrolments")
    kind = models.CharField(_("sasaran"), max_length=8, choices=EnrolmentKind.choices)
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sasaran posyandu")
        verbose_name_plural = _("sasaran posyandu")
        indexes = [models.Index(fields=["posyandu", "kind"], name="enrolment_posyandu_kind")]

    def __str__(self) -> str:
        return f"{self.resident} @ {self.posyandu}"


class Measure(models.TextChoices):
    LYING = "L", _("Berbaring (PB)")
    STANDING = "H", _("Berdiri (TB)")


class Growth(models.TextChoices):
    """KMS weight trend against the previous month's weighing (N/T/O/B)."""

    NAIK = "N", _("Naik")
    TIDAK_NAIK = "T", _("Tidak naik")
    TIDAK_DITIMBANG_BULAN_LALU = "O", _("Tidak ditimbang bulan lalu")
    BARU = "B", _("Penimbangan pertama")


class Vaccine(models.TextChoices):
    HB0 = "hb0", _("HB-0")
    BCG = "bcg", _("BCG")
    POLIO1 = "polio1", _("Polio 1")
    POLIO2 = "polio2", _("Polio 2")
    POLIO3 = "polio3", _("Polio 3")
    POLIO4 = "polio4", _("Polio 4")
    DPT1 = "dpt1", _("DPT-HB-Hib 1")
    DPT2 = "dpt2", _("DPT-HB-Hib 2")
    DPT3 = "dpt3", _("DPT-HB-Hib 3")
    IPV = "ipv", _("IPV 1")
    MR = "mr", _("Campak-Rubela (MR)")
    PCV1 = "pcv1", _("PCV 1")
    PCV2 = "pcv2", _("PCV 2")
    PCV3 = "pcv3", _("PCV 3")
    RV1 = "rv1", _("Rotavirus 1")
    RV2 = "rv2", _("Rotavirus 2")
    RV3 = "rv3", _("Rotavirus 3")
    IPV2 = "ipv2", _("IPV 2")


# Imunisasi dasar lengkap as the scorecard counts it (OpenSID's list); the
# care standards (care.py) hold the full schedule with PCV, rotavirus and IPV2.
BASIC_IMMUNISATION = frozenset(
    {"hb0", "bcg", "polio1", "polio2", "polio3", "polio4", "dpt1", "dpt2", "dpt3", "ipv", "mr"}
)


class ChildVisit(BaseModel):
    """One child's posyandu visit: measurements, services, and computed growth."""

    posyandu = models.ForeignKey(Posyandu, on_delete=models.PROTECT, related_name="child_visits")
    resident = models.ForeignKey(
        "registry.Resident", on_delete=models.PROTECT, related_name="posyandu_visits"
    )
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    visit_date = models.DateField(_("tanggal kunjungan"))
    sex = models.PositiveSmallIntegerField(_("jenis kelamin"))
    age_days = models.PositiveIntegerField(_("umur (hari)"))
    weight_kg = models.DecimalField(
        _("berat badan (kg)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    lenhei_cm = models.DecimalField(
        _("panjang/tinggi badan (cm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    measure = models.CharField(_("cara ukur"), max_length=1, choices=Measure.choices, blank=True)
    oedema = models.BooleanField(_("edema bilateral"), default=False)
    muac_cm = models.DecimalField(
        _("lingkar lengan atas (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    head_cm = models.DecimalField(
        _("lingkar kepala (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    immunisations = models.JSONField(_("imunisasi diberikan"), default=list, blank=True)
    vitamin_a = models.BooleanField(_("vitamin A"), default=False)
    exclusive_breastfeeding = models.BooleanField(_("ASI eksklusif"), null=True, blank=True)
    counselling = models.BooleanField(_("konseling gizi"), default=False)
    pmt = models.BooleanField(_("menerima PMT"), default=False)
    home_visit = models.BooleanField(_("kunjungan rumah"), default=False)
    parenting_class = models.BooleanField(_("kelas pengasuhan"), default=False)
    clean_water = models.BooleanField(_("akses air minum layak"), null=True, blank=True)
    latrine = models.BooleanField(_("jamban layak"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    # Computed by the growth engine when the visit is saved.
    zlen = models.FloatField(null=True, blank=True)
    zwei = models.FloatField(null=True, blank=True)
    zwfl = models.FloatField(null=True, blank=True)
    zbmi = models.FloatField(null=True, blank=True)
    flag_zlen = models.BooleanField(null=True, blank=True)
    flag_zwei = models.BooleanField(null=True, blank=True)
    flag_zwfl = models.BooleanField(null=True, blank=True)
    flag_zbmi = models.BooleanField(null=True, blank=True)
    status_tbu = models.CharField(max_length=20, blank=True)
    status_bbu = models.CharField(max_length=20, blank=True)
    status_bbtb = models.CharField(max_length=20, blank=True)
    status_imtu = models.CharField(max_length=20, blank=True)
    growth = models.CharField(
        _("kenaikan berat (N/T)"), max_length=1, choices=Growth.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kunjungan balita")
        verbose_name_plural = _("kunjungan balita")
        ordering = ["visit_date", "id"]
        indexes = [
            models.Index(fields=["area", "visit_date"], name="childvisit_area_date"),
            models.Index(fields=["resident", "visit_date"], name="childvisit_resident_date"),
            models.Index(fields=["posyandu", "visit_date"], name="childvisit_posyandu_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "visit_date"], name="childvisit_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(weight_kg__isnull=True) | Q(weight_kg__gt=0),
                name="childvisit_weight_positive",
            ),
            models.CheckConstraint(
                condition=Q(lenhei_cm__isnull=True) | Q(lenhei_cm__gt=0),
                name="childvisit_length_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} {self.visit_date:%d-%m-%Y}"

    @property
    def status_tbu_label(self) -> str:
        """The PB/U or TB/U status in words (the stored code is for queries)."""
        from balai.posyandu.growth.classify import status_label

        return status_label(self.status_tbu)

    @property
    def status_bbtb_label(self) -> str:
        """The BB/PB or BB/TB status in words."""
        from balai.posyandu.growth.classify import status_label

        return status_label(self.status_bbtb)


class Risk(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "risti", _("Risiko tinggi")


class Pregnancy(BaseModel):
    """One pregnancy of an enrolled woman, from first visit to the end of nifas."""

    mother = models.ForeignKey(
        "registry.Resident", on_delete=models.PROTECT, related_name="pregnancies"
    )
    posyandu = models.ForeignKey(Posyandu, on_delete=models.PROTECT, related_name="pregnancies")
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    first_day = models.DateField(_("hari pertama haid terakhir (HPHT)"))
    delivered_on = models.DateField(_("tanggal persalinan"), null=True, blank=True)
    kek = models.BooleanField(_("KEK (LiLA < 23,5 cm)"), default=False)
    risk = models.CharField(_("status risiko"), max_length=8, choices=Risk.choices)

    class Meta:
        verbose_name = _("kehamilan")
        verbose_name_plural = _("kehamilan")
        indexes = [models.Index(fields=["area", "first_day"], name="pregnancy_area_first_day")]

    def __str__(self) -> str:
        return f"{self.mother_id} {self.first_day:%d-%m-%Y}"


class PregnancyVisit(BaseModel):
    """A KIA visit of a pregnant (or postpartum) woman."""

    pregnancy = models.ForeignKey(Pregnancy, on_delete=models.PROTECT, related_name="visits")
    posyandu = models.ForeignKey(
        Posyandu, on_delete=models.PROTECT, related_name="pregnancy_visits"
    )
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    visit_date = models.DateField(_("tanggal kunjungan"))
    gestational_weeks = models.PositiveSmallIntegerField(
        _("usia kehamilan (minggu)"), null=True, blank=True
    )
    anc = models.BooleanField(_("pemeriksaan kehamilan (ANC)"), default=False)
    anc_by_doctor = models.BooleanField(_("ANC oleh dokter"), default=False)
    fe_tablets = models.PositiveSmallIntegerField(_("tablet Fe diberikan"), default=0)
    muac_cm = models.DecimalField(
        _("lingkar lengan atas (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    kek = models.BooleanField(_("KEK"), default=False)
    risk = models.CharField(_("status risiko"), max_length=8, choices=Risk.choices)
    counselling = models.BooleanField(_("konseling gizi / kelas ibu hamil"), default=False)
    home_visit = models.BooleanField(_("kunjungan rumah bidan"), default=False)
    postnatal_check = models.BooleanField(_("pemeriksaan nifas"), default=False)
    clean_water = models.BooleanField(_("akses air minum layak"), null=True, blank=True)
    latrine = models.BooleanField(_("jamban layak"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kunjungan ibu hamil")
        verbose_name_plural = _("kunjungan ibu hamil")
        ordering = ["visit_date", "id"]
        indexes = [
            models.Index(fields=["area", "visit_date"], name="pregvisit_area_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pregnancy", "visit_date"], name="pregvisit_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pregnancy_id} {self.visit_date:%d-%m-%Y}"


class VisitImportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    CHECKING = "checking", _("Sedang diperiksa")
    CHECKED = "checked", _("Siap disimpan")
    COMMITTING = "committing", _("Sedang disimpan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
    DISCARDED = "discarded", _("Dibuang")


VISIT_IMPORT_RUNNING = (
    VisitImportStatus.QUEUED,
    VisitImportStatus.CHECKING,
    VisitImportStatus.COMMITTING,
)


class VisitImport(BaseModel):
    """An uploaded measurement sheet: checked by the worker, then committed on request."""

    posyandu = models.ForeignKey(Posyandu, on_delete=models.PROTECT, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Emptied when the job ends (done, refused, discarded) or by the sweep.
    file = models.FileField(_("berkas"), upload_to="posyandu-imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=VisitImportStatus.choices,
        default=VisitImportStatus.QUEUED,
    )
    preview = models.JSONField(_("pratinjau"), default=dict, blank=True)
    error = models.TextField(_("galat"), blank=True)
    created_visits = models.PositiveIntegerField(_("kunjungan dibuat"), default=0)

    class Meta:
        verbose_name = _("impor pengukuran")
        verbose_name_plural = _("impor pengukuran")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("posyandu:import_detail", args=[self.posyandu_id, self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in VISIT_IMPORT_RUNNING

    @property
    def can_commit(self) -> bool:
        return self.status == VisitImportStatus.CHECKED and bool(self.preview.get("ok"))

    @property
    def can_retry(self) -> bool:
        return self.status == VisitImportStatus.FAILED and bool(self.file.name)

    @property
    def can_discard(self) -> bool:
        return self.status in (VisitImportStatus.CHECKED, VisitImportStatus.FAILED) and bool(
            self.file.name
        )
