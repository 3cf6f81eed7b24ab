"""Village planning: the kegiatan reference list, RPJMDes, RKPDes and the pagu indikatif.

Money is rupiah in ``DecimalField(max_digits=16, decimal_places=2)`` as in
Siskeudes. Every row that belongs to a village stores the village's area
code, so kecamatan and kabupaten lists are prefix queries.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel


def money(verbose_name: Any, **options: Any) -> models.DecimalField:  # type: ignore[type-arg]
    """Return a rupiah amount field (16 digits, 2 decimals, never negative)."""
    return models.DecimalField(
        verbose_name, max_digits=16, decimal_places=2, validators=[MinValueValidator(0)], **options
    )


class Bidang(models.TextChoices):
    """The five bidang of village activity (Permendagri 20/2018)."""

    PEMERINTAHAN = "1", _("Penyelenggaraan Pemerintahan Desa")
    PEMBANGUNAN = "2", _("Pelaksanaan Pembangunan Desa")
    KEMASYARAKATAN = "3", _("Pembinaan Kemasyarakatan")
    PEMBERDAYAAN = "4", _("Pemberdayaan Masyarakat")
    BENCANA = "5", _("Penanggulangan Bencana, Keadaan Darurat dan Mendesak Desa")


class FundSource(models.TextChoices):
    """Sumber dana of a village activity (the Siskeudes tags)."""

    DD = "DDS", _("Dana Desa (DD)")
    ADD = "ADD", _("Alokasi Dana Desa (ADD)")
    PAD = "PAD", _("Pendapatan Asli Desa (PAD)")
    BHPR = "PBH", _("Bagi Hasil Pajak dan Retribusi")
    BANPROV = "PBP", _("Bantuan Keuangan Provinsi")
    BANKAB = "PBK", _("Bantuan Keuangan Kabupaten/Kota")
    SWADAYA = "SWD", _("Swadaya masyarakat")
    LAIN = "DLL", _("Lain-lain pendapatan sah")


class Kegiatan(models.Model):
    """One kegiatan of the reference list (``2.3.10`` = bidang 2, sub-bidang 2.3, kegiatan 10).

    Shipped as ``planning/data/kegiatan_desa.csv`` and loaded by a data
    migration; a kabupaten does not edit it.
    """

    code = models.CharField(_("kode"), max_length=12, primary_key=True)
    bidang = models.CharField(_("bidang"), max_length=1, choices=Bidang.choices)
    sub_bidang = models.CharField(_("sub-bidang"), max_length=5)
    sub_bidang_name = models.CharField(_("nama sub-bidang"), max_length=200)
    name = models.CharField(_("nama kegiatan"), max_length=250)
    order = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kegiatan (referensi)")
        verbose_name_plural = _("daftar kegiatan (referensi)")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def siskeudes_code(self) -> str:
        """Return the code as Siskeudes writes it (``02.03.10.``)."""
        bidang, sub, keg = self.code.split(".")
        return f"{int(bidang):02d}.{int(sub):02d}.{keg}."


class Rpjmdes(BaseModel):
    """A village's medium-term plan (RPJM Desa) for ``term_years`` years from ``start_year``."""

    village = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    start_year = models.PositiveSmallIntegerField(_("tahun awal"))
    term_years = models.PositiveSmallIntegerField(
        _("masa berlaku (tahun)"), choices=[(6, _("6 tahun")), (8, _("8 tahun"))], default=6
    )
    vision = models.TextField(_("visi"), blank=True)
    perdes_number = models.CharField(_("nomor Perdes"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("RPJM Desa")
        verbose_name_plural = _("RPJM Desa")
        ordering = ["village_id", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["village", "start_year"], name="rpjmdes_one_per_start"),
        ]

    def __str__(self) -> str:
        return f"RPJMDes {self.village_id} {self.start_year}-{self.end_year}"

    @property
    def end_year(self) -> int:
        return self.start_year + self.term_years - 1

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class RpjmdesGoal(BaseModel):
    """A goal (misi/tujuan) of an RPJM Desa."""

    rpjmdes = models.ForeignKey(
        Rpjmdes, verbose_name=_("RPJM Desa"), on_delete=models.CASCADE, related_name="goals"
    )
    number = models.PositiveSmallIntegerField(_("nomor"))
    text = models.CharField(_("tujuan"), max_length=300)

    class Meta:
        verbose_name = _("tujuan RPJM Desa")
        verbose_name_plural = _("tujuan RPJM Desa")
        ordering = ["rpjmdes_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["rpjmdes", "number"], name="rpjmdes_goal_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class RpjmdesProgramme(BaseModel):
    """A programme of an RPJM Desa under one goal, coded by kegiatan, for some of its years."""

    rpjmdes = models.ForeignKey(
        Rpjmdes, verbose_name=_("RPJM Desa"), on_delete=models.CASCADE, related_name="programmes"
    )
    goal = models.ForeignKey(
        RpjmdesGoal,
        verbose_name=_("tujuan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )
    kegiatan = models.ForeignKey(
        Kegiatan, verbose_name=_("kegiatan"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nama program/kegiatan"), max_length=250)
    first_year = models.PositiveSmallIntegerField(_("mulai tahun"))
    last_year = models.PositiveSmallIntegerField(_("sampai tahun"))
    indicative_cost = money(_("perkiraan biaya (Rp)"), default=0)

    class Meta:
        verbose_name = _("program RPJM Desa")
        verbose_name_plural = _("program RPJM Desa")
        ordering = ["rpjmdes_id", "kegiatan_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="rpjmdes_programme_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kegiatan_id} {self.name}"


class Pagu(BaseModel):
    """The kabupaten's pagu indikatif for one area and year (a desa, or a kecamatan forum)."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    amount = money(_("pagu indikatif (Rp)"))
    note = models.CharField(_("dasar penetapan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pagu indikatif")
        verbose_name_plural = _("pagu indikatif")
        ordering = ["area_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="pagu_one_per_area_year"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.year}: {self.amount}"


class RkpdesActivity(BaseModel):
    """One activity of a village's RKP Desa for ``year``; the line the APBDes budgets.

    ``programme`` is the RPJMDes programme the activity carries out; an
    activity without one fails the consistency check.
    """

    village = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    kegiatan = models.ForeignKey(
        Kegiatan, verbose_name=_("kegiatan"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        RpjmdesProgramme,
        verbose_name=_("program RPJM Desa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    name = models.CharField(_("nama kegiatan"), max_length=250)
    location = models.CharField(_("lokasi"), max_length=200)
    volume = models.DecimalField(
        _("volume"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("satuan"), max_length=30)
    beneficiaries = models.PositiveIntegerField(_("penerima manfaat (jiwa)"), default=0)
    indicative_cost = money(_("perkiraan biaya (Rp)"))
    fund_source = models.CharField(
        _("sumber dana"), max_length=3, choices=FundSource.choices, default=FundSource.DD
    )
    implementer = models.CharField(_("pelaksana"), max_length=120, blank=True)
    start_month = models.PositiveSmallIntegerField(
        _("bulan mulai"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    duration_days = models.PositiveSmallIntegerField(
        _("lama pelaksanaan (hari)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("kegiatan RKP Desa")
        verbose_name_plural = _("kegiatan RKP Desa")
        ordering = ["village_id", "year", "kegiatan__order", "pk"]
        indexes = [models.Index(fields=["year", "village"], name="rkpdes_year_village")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_month__isnull=True)
                | models.Q(start_month__gte=1, start_month__lte=12),
                name="rkpdes_start_month_in_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.year} {self.kegiatan_id} {self.name}"


# --- Musrenbang: settings per kabupaten, forums, proposals and their answers ---------


class ForumLevel(models.TextChoices):
    DESA = "desa", _("Musrenbang desa")
    KECAMATAN = "kecamatan", _("Musrenbang kecamatan")
    KABUPATEN = "kabupaten", _("Musrenbang kabupaten")


class PlanningSetup(BaseModel):
    """A kabupaten's planning settings: the musrenbang calendar and the RPJMDes term.

    The months default to Permendagri 86/2017 practice: desa in January,
    kecamatan in February, kabupaten in March.
    """

    kabupaten = models.OneToOneField(
        "regions.Area", verbose_name=_("kabupaten"), on_delete=models.PROTECT, related_name="+"
    )
    desa_month = models.PositiveSmallIntegerField(_("bulan musrenbang desa"), default=1)
    kecamatan_month = models.PositiveSmallIntegerField(_("bulan musrenbang kecamatan"), default=2)
    kabupaten_month = models.PositiveSmallIntegerField(_("bulan musrenbang kabupaten"), default=3)
    rpjmdes_term_years = models.PositiveSmallIntegerField(
        _("masa RPJM Desa (tahun)"), choices=[(6, _("6 tahun")), (8, _("8 tahun"))], default=6
    )

    class Meta:
        verbose_name = _("pengaturan perencanaan kabupaten")
        verbose_name_plural = _("pengaturan perencanaan kabupaten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(desa_month__gte=1, desa_month__lte=12)
                & models.Q(kecamatan_month__gte=1, kecamatan_month__lte=12)
                & models.Q(kabupaten_month__gte=1, kabupaten_month__lte=12),
                name="planning_setup_months_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kabupaten_id}"

    def month_of(self, level: str) -> int:
        return {
            ForumLevel.DESA: self.desa_month,
            ForumLevel.KECAMATAN: self.kecamatan_month,
            ForumLevel.KABUPATEN: self.kabupaten_month,
        }[ForumLevel(level)]


class CriterionBasis(models.TextChoices):
    """How a criterion's 1-5 score is found."""

    MANUAL = "manual", _("Dinilai forum (1-5)")
    BENEFICIARIES = "beneficiaries", _("Jumlah penerima manfaat (otomatis)")
    COST = "cost", _("Biaya, makin murah makin tinggi (otomatis)")
    INDICATOR = "indicator", _("Terkait indikator yang belum mencapai target (otomatis)")


class Criterion(BaseModel):
    """A scoring criterion of a kabupaten's musrenbang, with its weight."""

    kabupaten = models.ForeignKey(
        "regions.Area", verbose_name=_("kabupaten"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nama kriteria"), max_length=120)
    basis = models.CharField(
        _("cara menilai"),
        max_length=16,
        choices=CriterionBasis.choices,
        default=CriterionBasis.MANUAL,
    )
    weight = models.PositiveSmallIntegerField(
        _("bobot"), default=1, validators=[MinValueValidator(1)]
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kriteria penilaian usulan")
        verbose_name_plural = _("kriteria penilaian usulan")
        ordering = ["kabupaten_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kabupaten", "name"], name="criterion_name_once"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="criterion_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class PerangkatDaerah(BaseModel):
    """A kabupaten office (OPD) that answers proposals in its Renja.

    ``office`` ties the OPD to the staff who act for it: a kabupaten staff
    member answers for the OPDs of their own office.
    """

    kabupaten = models.ForeignKey(
        "regions.Area", verbose_name=_("kabupaten"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama perangkat daerah"), max_length=150)
    office = models.CharField(_("kantor pengguna"), max_length=16)

    class Meta:
        verbose_name = _("perangkat daerah (OPD)")
        verbose_name_plural = _("perangkat daerah (OPD)")
        ordering = ["kabupaten_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kabupaten", "code"], name="opd_code_once"),
        ]

    def __str__(self) -> str:
        return self.name


class OpdPagu(BaseModel):
    """Bappeda's pagu indikatif of one OPD for a plan year: what its answers rank under."""

    opd = models.ForeignKey(
        PerangkatDaerah,
        verbose_name=_("perangkat daerah"),
        on_delete=models.CASCADE,
        related_name="pagus",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    amount = money(_("pagu indikatif OPD (Rp)"))
    note = models.CharField(_("dasar penetapan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pagu indikatif OPD")
        verbose_name_plural = _("pagu indikatif OPD")
        ordering = ["opd_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "year"], name="opd_pagu_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.opd_id} {self.year}: {self.amount}"


class ForumStatus(models.TextChoices):
    OPEN = "open", _("Dibuka")
    CLOSED = "closed", _("Ditutup")


class Forum(BaseModel):
    """One musrenbang: a desa's, a kecamatan's or the kabupaten's, for a plan year."""

    level = models.CharField(_("tingkat"), max_length=10, choices=ForumLevel.choices)
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun rencana"))
    status = models.CharField(
        _("status"), max_length=8, choices=ForumStatus.choices, default=ForumStatus.OPEN
    )
    held_on = models.DateField(_("tanggal musyawarah"), null=True, blank=True)
    place = models.CharField(_("tempat"), max_length=150, blank=True)
    chair = models.CharField(_("pimpinan rapat"), max_length=120, blank=True)
    participants = models.PositiveIntegerField(_("jumlah peserta"), default=0)
    women_participants = models.PositiveIntegerField(_("peserta perempuan"), default=0)
    notes = models.TextField(_("catatan/kesepakatan"), blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("musrenbang")
        verbose_name_plural = _("musrenbang")
        ordering = ["-year", "level", "area_id"]
        constraints = [
            models.UniqueConstraint(fields=["level", "area", "year"], name="forum_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.area_id} {self.year}"

    @property
    def is_open(self) -> bool:
        return self.status == ForumStatus.OPEN


class Origin(models.TextChoices):
    """Who brought a proposal."""

    RESIDENT = "warga", _("Warga (perorangan)")
    RT = "rt", _("Rembug warga RT")
    RW = "rw", _("Rembug warga RW")
    DUSUN = "dusun", _("Musyawarah dusun")
    PKK = "pkk", _("Kelompok PKK")
    YOUTH = "pemuda", _("Kelompok pemuda/karang taruna")
    DISABILITY = "disabilitas", _("Kelompok penyandang disabilitas")
    OTHER_GROUP = "kelompok", _("Kelompok masyarakat lain")


GROUP_ORIGINS = (Origin.PKK, Origin.YOUTH, Origin.DISABILITY, Origin.OTHER_GROUP)
MEETING_ORIGINS = (Origin.RT, Origin.RW, Origin.DUSUN)


class Stage(models.TextChoices):
    """Where a proposal stands on its way desa → kecamatan → kabupaten."""

    SUBMITTED = "diajukan", _("Diajukan ke musrenbang desa")
    DUPLICATE = "duplikat", _("Digabung dengan usulan serupa di desa")
    DESA_ACCEPTED = "rkpdes", _("Diterima: masuk RKP Desa")
    DESA_REJECTED = "ditolak_desa", _("Tidak diprioritaskan musrenbang desa")
    KECAMATAN = "kecamatan", _("Dibahas musrenbang kecamatan")
    MERGED = "digabung", _("Digabung dengan usulan desa lain di kecamatan")
    KECAMATAN_REJECTED = "ditolak_kecamatan", _("Tidak masuk prioritas kecamatan")
    KABUPATEN = "kabupaten", _("Diteruskan ke kabupaten, menunggu jawaban OPD")
    OPD_ACCEPTED = "diterima_opd", _("Diterima OPD: masuk Renja/RKPD")
    OPD_REFUSED = "ditolak_opd", _("Ditolak OPD")
    WITHDRAWN = "ditarik", _("Ditarik pengusul")


# The workflow table: which stage may follow which (pure data).
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Stage.SUBMITTED: {
        Stage.DUPLICATE,
        Stage.DESA_ACCEPTED,
        Stage.DESA_REJECTED,
        Stage.KECAMATAN,
        Stage.WITHDRAWN,
    },
    Stage.KECAMATAN: {Stage.MERGED, Stage.KECAMATAN_REJECTED, Stage.KABUPATEN},
    Stage.KABUPATEN: {Stage.OPD_ACCEPTED, Stage.OPD_REFUSED},
    Stage.DUPLICATE: set(),
    Stage.DESA_ACCEPTED: set(),
    Stage.DESA_REJECTED: set(),
    Stage.MERGED: set(),
    Stage.KECAMATAN_REJECTED: set(),
    Stage.OPD_ACCEPTED: set(),
    Stage.OPD_REFUSED: set(),
    Stage.WITHDRAWN: set(),
}
ACCOMMODATED_STAGES = (Stage.DESA_ACCEPTED, Stage.OPD_ACCEPTED)
# Proposals that do not count on their own: folded into another, or withdrawn.
NOT_COUNTED_STAGES = (Stage.DUPLICATE, Stage.MERGED, Stage.WITHDRAWN)
# Stages that close a proposal with no further answer to wait for.
FINAL_STAGES = tuple(stage for stage, nxt in ALLOWED_TRANSITIONS.items() if not nxt)


class Proposal(BaseModel):
    """An usulan: one identity (``code``) from the RT up to the OPD's answer.

    ``village`` is where it was proposed; it keeps that village at every level.
    Merged or duplicate proposals point at the one carried on (``merged_into``).
    """

    code = models.CharField(_("kode usulan"), max_length=12, unique=True)
    village = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun rencana"))
    origin = models.CharField(_("pengusul"), max_length=12, choices=Origin.choices)
    origin_area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("dusun/RW/RT pengusul"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    group_name = models.CharField(_("nama kelompok"), max_length=120, blank=True)
    proposer = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("warga pengusul"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The staff member who recorded a meeting's or group's proposal (they may edit it).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("judul usulan"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    kegiatan = models.ForeignKey(
        Kegiatan, verbose_name=_("kegiatan"), on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(_("lokasi"), max_length=200)
    latitude = models.FloatField(_("lintang"), null=True, blank=True)
    longitude = models.FloatField(_("bujur"), null=True, blank=True)
    volume = models.DecimalField(
        _("volume"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("satuan"), max_length=30)
    estimated_cost = money(_("perkiraan biaya (Rp)"))
    beneficiaries = models.PositiveIntegerField(_("penerima manfaat (jiwa)"), default=0)
    village_authority = models.BooleanField(_("kewenangan desa"), default=True)
    indicator = models.CharField(_("indikator terkait"), max_length=60, blank=True)
    stage = models.CharField(
        _("tahap"), max_length=20, choices=Stage.choices, default=Stage.SUBMITTED
    )
    support_count = models.PositiveIntegerField(_("jumlah dukungan"), default=0)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    rkpdes_activity = models.OneToOneField(
        RkpdesActivity,
        verbose_name=_("kegiatan RKP Desa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    opd = models.ForeignKey(
        PerangkatDaerah,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    opd_programme = models.CharField(_("program OPD"), max_length=200, blank=True)
    answer_activity = models.CharField(_("kegiatan Renja/RKPD"), max_length=200, blank=True)
    answer_reason = models.TextField(_("alasan/jawaban"), blank=True)
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("usulan musrenbang")
        verbose_name_plural = _("usulan musrenbang")
        ordering = ["-year", "village_id", "pk"]
        indexes = [
            models.Index(fields=["year", "village", "stage"], name="proposal_year_village"),
            models.Index(fields=["year", "stage"], name="proposal_year_stage"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="proposal_point_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("planning:track", args=[self.code])

    @property
    def is_undecided(self) -> bool:
        """Tell whether the musrenbang desa has not yet decided this proposal."""
        return self.stage == Stage.SUBMITTED


class ProposalPhoto(BaseModel):
    """A photo of the place or need a proposal is about."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("usulan"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("foto"), upload_to="planning/usulan/%Y/%m/")

    class Meta:
        verbose_name = _("foto usulan")
        verbose_name_plural = _("foto usulan")

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.image.name}"


class ProposalSupport(BaseModel):
    """A verified resident of the village supports a proposal (once)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("usulan"), on_delete=models.CASCADE, related_name="supports"
    )
    resident = models.ForeignKey(
        "registry.Resident", verbose_name=_("warga"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("dukungan usulan")
        verbose_name_plural = _("dukungan usulan")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "resident"], name="support_once"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.resident_id}"


class ProposalEvent(BaseModel):
    """A public step in a proposal's history: what the tracking page shows (no names)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("usulan"), on_delete=models.CASCADE, related_name="events"
    )
    stage = models.CharField(_("tahap"), max_length=20, choices=Stage.choices)
    note = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("riwayat usulan")
        verbose_name_plural = _("riwayat usulan")
        ordering = ["proposal_id", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.stage}"


class ForumEntry(BaseModel):
    """A proposal's standing in one musrenbang: its score, rank and whether it fits the pagu."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("musrenbang"), on_delete=models.CASCADE, related_name="entries"
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("usulan"), on_delete=models.CASCADE, related_name="entries"
    )
    scores = models.JSONField(_("nilai per kriteria"), default=dict, blank=True)
    score = models.DecimalField(_("nilai"), max_digits=6, decimal_places=3, default=0)
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    fits = models.BooleanField(_("masuk pagu"), default=False)

    class Meta:
        verbose_name = _("usulan dalam musrenbang")
        verbose_name_plural = _("usulan dalam musrenbang")
        ordering = ["forum_id", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "proposal"], name="forum_entry_once"),
        ]

    def __str__(self) -> str:
        return f"{self.forum_id} {self.proposal_id} {self.score}"


class PriorityTheme(BaseModel):
    """A kabupaten priority theme for a year, matched by kegiatan code prefixes (``2.2``, ``2.3.10``)."""

    kabupaten = models.ForeignKey(
        "regions.Area", verbose_name=_("kabupaten"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    name = models.CharField(_("tema prioritas"), max_length=150)
    kegiatan_prefixes = models.JSONField(_("awalan kode kegiatan"), default=list)

    class Meta:
        verbose_name = _("tema prioritas kabupaten")
        verbose_name_plural = _("tema prioritas kabupaten")
        ordering = ["kabupaten_id", "-year", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def matches(self, kegiatan_code: str) -> bool:
        return any(
            kegiatan_code == p or kegiatan_code.startswith(p + ".") for p in self.kegiatan_prefixes
        )
