"""Village finance: APBDes versions and lines, realisation, transfers, earmark rules, BUM Desa.

Money is rupiah in ``DecimalField(max_digits=16, decimal_places=2)`` as in
Siskeudes. Each APBDes belongs to one village and year; version 0 is the
APBDes (murni), versions 1.. its amendments (perubahan). Exactly one version
per village and year is *current* once enacted: the figures read it.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.core.import_jobs import ImportJobBase
from balai.core.models import BaseModel
from balai.finance.chart import FundSource

MONEY = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(0)]}
YEAR = {"validators": [MinValueValidator(2015), MaxValueValidator(2100)]}


class Status(models.TextChoices):
    """Where an APBDes version is on its way from draft to Perdes."""

    DRAFT = "draft", _("Rancangan (Sekdes)")
    AGREED = "agreed", _("Disepakati bersama BPD")
    SUBMITTED = "submitted", _("Disampaikan ke camat untuk evaluasi")
    REVISE = "revise", _("Perlu penyempurnaan")
    APPROVED = "approved", _("Hasil evaluasi diterima")
    ENACTED = "enacted", _("Ditetapkan (Perdes)")


# The workflow table: which status may follow which (services enforce it).
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.AGREED},
    Status.AGREED: {Status.SUBMITTED, Status.DRAFT},
    Status.SUBMITTED: {Status.APPROVED, Status.REVISE},
    Status.REVISE: {Status.APPROVED},
    Status.APPROVED: {Status.ENACTED},
    Status.ENACTED: set(),
}
EDITABLE = (Status.DRAFT, Status.REVISE)


class Evaluator(models.TextChoices):
    CAMAT = "camat", _("Camat (pendelegasian Bupati)")
    BUPATI = "bupati", _("Bupati/Wali Kota")


class EvaluationResult(models.TextChoices):
    OK = "ok", _("Sesuai: dapat ditetapkan")
    REVISE = "revise", _("Bertentangan: perlu penyempurnaan")
    LAPSED = "lapsed", _("Tidak dievaluasi tepat waktu: berlaku dengan sendirinya")


class Apbdes(BaseModel):
    """One version of a village's budget for one year (0 = APBDes, 1.. = perubahan)."""

    village = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"), **YEAR)  # type: ignore[arg-type]
    version = models.PositiveSmallIntegerField(_("perubahan ke-"), default=0)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("versi sebelumnya"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    is_current = models.BooleanField(_("versi berlaku"), default=False)
    agreed_on = models.DateField(_("tanggal kesepakatan dengan BPD"), null=True, blank=True)
    agreement_number = models.CharField(_("nomor berita acara BPD"), max_length=80, blank=True)
    submitted_on = models.DateField(_("tanggal disampaikan ke camat"), null=True, blank=True)
    submitted_late = models.BooleanField(_("disampaikan lewat 3 hari"), default=False)
    evaluator = models.CharField(
        _("pengevaluasi"), max_length=8, choices=Evaluator.choices, default=Evaluator.CAMAT
    )
    evaluation_due = models.DateField(_("batas evaluasi (20 hari kerja)"), null=True, blank=True)
    evaluated_on = models.DateField(_("tanggal hasil evaluasi"), null=True, blank=True)
    evaluation_result = models.CharField(
        _("hasil evaluasi"), max_length=8, choices=EvaluationResult.choices, blank=True
    )
    evaluation_number = models.CharField(_("nomor keputusan evaluasi"), max_length=80, blank=True)
    evaluation_note = models.TextField(_("catatan evaluasi"), blank=True)
    checklist = models.JSONField(_("daftar periksa"), default=dict, blank=True)
    revision_due = models.DateField(_("batas penyempurnaan"), null=True, blank=True)
    revised_on = models.DateField(_("tanggal penyempurnaan"), null=True, blank=True)
    revised_late = models.BooleanField(_("penyempurnaan terlambat"), default=False)
    enacted_on = models.DateField(_("tanggal penetapan"), null=True, blank=True)
    perdes_number = models.CharField(_("nomor Perdes"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("APBDes")
        verbose_name_plural = _("APBDes")
        ordering = ["village_id", "year", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year", "version"], name="apbdes_one_per_version"
            ),
            models.UniqueConstraint(
                fields=["village", "year"],
                condition=Q(is_current=True),
                name="apbdes_one_current",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="apbdes_year_status")]

    def __str__(self) -> str:
        return f"APBDes {self.village_id} {self.year}" + (
            f" P{self.version}" if self.version else ""
        )

    def get_absolute_url(self) -> str:
        return reverse("finance:apbdes", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def label(self) -> str:
        return str(_("APBDes")) if not self.version else f"{_('Perubahan APBDes')} {self.version}"


class Focus(models.TextChoices):
    """Dana Desa priority a spending line serves (earmark rules read it)."""

    NONE = "", _("—")
    BLT = "blt", _("BLT Dana Desa")
    PANGAN = "pangan", _("Ketahanan pangan dan hewani")
    OPERASIONAL = "operasional", _("Operasional pemerintah desa")


class ApbdesLine(BaseModel):
    """One budget line: an object-level account, for spending its kegiatan, a fund source."""

    apbdes = models.ForeignKey(
        Apbdes, verbose_name=_("APBDes"), on_delete=models.CASCADE, related_name="lines"
    )
    account_code = models.CharField(_("kode rekening"), max_length=12)
    kegiatan_code = models.CharField(_("kode kegiatan"), max_length=8, blank=True)
    fund_source = models.CharField(_("sumber dana"), max_length=3, choices=FundSource.choices)
    description = models.CharField(_("uraian"), max_length=250)
    amount = models.DecimalField(_("anggaran (Rp)"), **MONEY)  # type: ignore[arg-type]
    focus = models.CharField(
        _("prioritas Dana Desa"), max_length=12, choices=Focus.choices, blank=True
    )
    stunting = models.BooleanField(_("konvergensi stunting"), default=False)
    # The RKP Desa activity this spending carries out (same village, year and kegiatan).
    rkpdes_activity = models.ForeignKey(
        "planning.RkpdesActivity",
        verbose_name=_("kegiatan RKP Desa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="apbdes_lines",
    )

    class Meta:
        verbose_name = _("baris APBDes")
        verbose_name_plural = _("baris APBDes")
        ordering = ["account_code", "kegiatan_code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(account_code__startswith="5") | Q(kegiatan_code=""),
                name="apbdesline_kegiatan_only_spending",
            ),
        ]
        indexes = [models.Index(fields=["apbdes", "account_code"], name="apbdesline_account")]

    def __str__(self) -> str:
        return f"{self.account_code} {self.kegiatan_code} {self.description}"

    @property
    def group(self) -> str:
        return self.account_code[:1]


class Realisation(BaseModel):
    """What was received or spent on a line in one month (entered, or from Siskeudes)."""

    line = models.ForeignKey(
        ApbdesLine, verbose_name=_("baris"), on_delete=models.CASCADE, related_name="realisations"
    )
    month = models.PositiveSmallIntegerField(
        _("bulan"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    amount = models.DecimalField(_("realisasi (Rp)"), **MONEY)  # type: ignore[arg-type]

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="realisation_one_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.month}: {self.amount}"


class Stage(models.IntegerChoices):
    FIRST = 1, _("Tahap I")
    SECOND = 2, _("Tahap II")
    THIRD = 3, _("Tahap III")


class FundTransfer(BaseModel):
    """A transfer (penyaluran) of DD/ADD/BHPR to the village account, by stage."""

    village = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"), **YEAR)  # type: ignore[arg-type]
    source = models.CharField(_("sumber dana"), max_length=3, choices=FundSource.choices)
    stage = models.PositiveSmallIntegerField(_("tahap"), choices=Stage.choices)
    amount = models.DecimalField(_("jumlah (Rp)"), **MONEY)  # type: ignore[arg-type]
    transferred_on = models.DateField(_("tanggal masuk rekening kas desa"))

    class Meta:
        verbose_name = _("penyaluran dana")
        verbose_name_plural = _("penyaluran dana")
        ordering = ["village_id", "year", "source", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year", "source", "stage"], name="transfer_one_per_stage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.year} {self.source} {self.stage}"


class Bound(models.TextChoices):
    AT_MOST = "max", _("paling banyak")
    AT_LEAST = "min", _("paling sedikit")


class EarmarkRule(BaseModel):
    """One Dana Desa earmark of a year: a focus's share of DD spending, at most/at least."""

    year = models.PositiveSmallIntegerField(_("tahun"), **YEAR)  # type: ignore[arg-type]
    focus = models.CharField(_("prioritas"), max_length=12, choices=Focus.choices[1:])
    bound = models.CharField(_("batas"), max_length=3, choices=Bound.choices)
    percent = models.DecimalField(
        _("persen Dana Desa"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    legal_basis = models.CharField(_("dasar hukum"), max_length=200)
    confirmed = models.BooleanField(_("terkonfirmasi"), default=True)

    class Meta:
        verbose_name = _("aturan penggunaan Dana Desa")
        verbose_name_plural = _("aturan penggunaan Dana Desa")
        ordering = ["year", "focus"]
        constraints = [
            models.UniqueConstraint(fields=["year", "focus"], name="earmark_one_per_focus"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.focus} {self.bound} {self.percent}%"


class SiskeudesImport(ImportJobBase):
    """An uploaded Siskeudes export (ZIP of CSV tables) for one village and year."""

    village = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"), **YEAR)  # type: ignore[arg-type]

    class Meta:
        verbose_name = _("impor Siskeudes")
        verbose_name_plural = _("impor Siskeudes")
        ordering = ["-created_at"]

    def get_absolute_url(self) -> str:
        return reverse("finance:import_detail", args=[self.pk])


class Classification(models.TextChoices):
    PERINTIS = "perintis", _("Perintis")
    PEMULA = "pemula", _("Pemula")
    BERKEMBANG = "berkembang", _("Berkembang")
    MAJU = "maju", _("Maju")


class BumDesa(BaseModel):
    """A village-owned enterprise (PP 11/2021): legal registration, units, management."""

    village = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nama BUM Desa"), max_length=200)
    registration_number = models.CharField(
        _("nomor sertifikat badan hukum"), max_length=80, blank=True
    )
    registered_on = models.DateField(_("tanggal badan hukum"), null=True, blank=True)
    perdes_number = models.CharField(_("nomor Perdes pendirian"), max_length=80, blank=True)
    business_units = models.TextField(_("unit usaha (satu per baris)"), blank=True)
    director = models.CharField(_("direktur/pelaksana operasional"), max_length=120, blank=True)
    advisor = models.CharField(_("penasihat"), max_length=120, blank=True)
    supervisor = models.CharField(_("pengawas"), max_length=120, blank=True)
    classification = models.CharField(
        _("klasifikasi"), max_length=12, choices=Classification.choices, blank=True
    )

    class Meta:
        verbose_name = _("BUM Desa")
        verbose_name_plural = _("BUM Desa")
        ordering = ["village_id"]
        constraints = [
            models.UniqueConstraint(fields=["village"], name="bumdesa_one_per_village"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("finance:bumdesa", args=[self.village_id])


class ReportPeriod(models.TextChoices):
    S1 = "s1", _("Semester I")
    S2 = "s2", _("Semester II")
    YEAR = "year", _("Tahunan")


class BumDesaReport(BaseModel):
    """A semester or annual report of a BUM Desa."""

    bumdesa = models.ForeignKey(
        BumDesa, verbose_name=_("BUM Desa"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("tahun"), **YEAR)  # type: ignore[arg-type]
    period = models.CharField(_("periode"), max_length=4, choices=ReportPeriod.choices)
    revenue = models.DecimalField(_("pendapatan (Rp)"), **MONEY)  # type: ignore[arg-type]
    profit = models.DecimalField(
        _("laba bersih (Rp)"), max_digits=16, decimal_places=2
    )  # may be a loss
    assets = models.DecimalField(_("aset (Rp)"), **MONEY)  # type: ignore[arg-type]
    contribution = models.DecimalField(
        _("kontribusi ke PADes 4.1.1 (Rp)"),
        **MONEY,  # type: ignore[arg-type]
    )

    class Meta:
        verbose_name = _("laporan BUM Desa")
        verbose_name_plural = _("laporan BUM Desa")
        ordering = ["bumdesa_id", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["bumdesa", "year", "period"], name="bumdesareport_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bumdesa_id} {self.year} {self.period}"
