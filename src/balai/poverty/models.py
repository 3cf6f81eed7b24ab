"""Poverty: the welfare register, social-aid programmes, village verification, extreme poverty.

- The **welfare register** keeps every imported DTSEN/P3KE/DTKS extract as a
  snapshot (``WelfareSnapshot``) of entries matched to residents by NIK; an
  entry is *current* while no later import lists the resident or replaces its
  source for the area (one current entry per resident, a partial unique index),
  so changes between rounds stay readable.
- **Programmes** (PKH, BPNT, PBI-JK, BLT Dana Desa, PIP, kabupaten programmes)
  carry their eligibility rule as columns; **recipients** belong to a village.
- **Verification rounds** (musdes) hold the village's proposals and the
  decisions imported back from Dinsos.
- **Extreme poverty** cases follow a family from the pool to graduation.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.core.import_jobs import ImportJobBase
from balai.core.models import BaseModel

DESIL_MIN, DESIL_MAX = 1, 10


class Source(models.TextChoices):
    DTSEN = "dtsen", _("DTSEN (BPS)")
    P3KE = "p3ke", _("P3KE")
    DTKS = "dtks", _("DTKS (Kemensos)")


class WelfareImport(ImportJobBase):
    """An uploaded welfare-register extract for one area (kabupaten or village)."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("sumber data"), max_length=8, choices=Source.choices)
    snapshot_date = models.DateField(_("tanggal data"))

    class Meta:
        verbose_name = _("impor data kesejahteraan")
        verbose_name_plural = _("impor data kesejahteraan")
        ordering = ["-created_at"]

    def get_absolute_url(self) -> str:
        return reverse("poverty:welfare_import_detail", args=[self.pk])


class WelfareSnapshot(BaseModel):
    """One committed extract of the welfare register (a round of DTSEN, P3KE or DTKS)."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("sumber data"), max_length=8, choices=Source.choices)
    snapshot_date = models.DateField(_("tanggal data"))
    job = models.OneToOneField(
        WelfareImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="snapshot"
    )
    rows = models.PositiveIntegerField(_("baris cocok"), default=0)

    class Meta:
        verbose_name = _("putaran data kesejahteraan")
        verbose_name_plural = _("putaran data kesejahteraan")
        ordering = ["-snapshot_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.snapshot_date:%Y-%m-%d}"


class WelfareEntry(models.Model):
    """A resident's desil in one snapshot (the village is the resident's at import)."""

    snapshot = models.ForeignKey(WelfareSnapshot, on_delete=models.CASCADE, related_name="entries")
    resident = models.ForeignKey(
        "registry.Resident", on_delete=models.CASCADE, related_name="welfare_entries"
    )
    area = models.ForeignKey(
        "regions.Area", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    household_ref = models.CharField(_("ID rumah tangga"), max_length=40)
    no_kk = models.CharField(_("No. KK"), max_length=16, blank=True)
    desil = models.PositiveSmallIntegerField(_("desil"))
    current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("entri data kesejahteraan")
        verbose_name_plural = _("entri data kesejahteraan")
        constraints = [
            models.CheckConstraint(
                condition=Q(desil__gte=DESIL_MIN, desil__lte=DESIL_MAX), name="welfare_desil_1_10"
            ),
            models.UniqueConstraint(
                fields=["snapshot", "resident"], name="welfare_one_entry_per_snapshot"
            ),
            models.UniqueConstraint(
                fields=["resident"], condition=Q(current=True), name="welfare_one_current_entry"
            ),
        ]
        indexes = [
            models.Index(
                fields=["area", "desil"],
                name="welfare_current_area",
                opclasses=["varchar_pattern_ops", "int2_ops"],
                condition=Q(current=True),
            ),
            models.Index(
                fields=["household_ref"],
                name="welfare_current_household",
                condition=Q(current=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} desil {self.desil}"


class TargetUnit(models.TextChoices):
    PERSON = "person", _("Perorangan")
    FAMILY = "family", _("Keluarga (KK)")
    HOUSEHOLD = "household", _("Rumah tangga")


class FundSource(models.IntegerChoices):
    """Asal dana, with OpenSID's codes."""

    PUSAT = 1, _("Pusat (APBN)")
    PROVINSI = 2, _("Provinsi")
    KABUPATEN = 3, _("Kabupaten/Kota")
    DANA_DESA = 4, _("Dana Desa")
    LAIN = 5, _("Lain-lain (hibah)")


class Programme(BaseModel):
    """A social-aid programme of a kabupaten (or one village, e.g. BLT Dana Desa) with its rule."""

    area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("wilayah pemilik"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama program"), max_length=120)
    unit = models.CharField(_("sasaran"), max_length=10, choices=TargetUnit.choices)
    fund_source = models.PositiveSmallIntegerField(_("asal dana"), choices=FundSource.choices)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"), null=True, blank=True)
    desil_min = models.PositiveSmallIntegerField(_("desil terendah"), null=True, blank=True)
    desil_max = models.PositiveSmallIntegerField(_("desil tertinggi"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("usia terendah"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("usia tertinggi"), null=True, blank=True)
    exclude_officials = models.BooleanField(
        _("tidak untuk keluarga ASN/TNI/Polri/perangkat desa"), default=True
    )
    not_combined_with = models.ManyToManyField(
        "self", verbose_name=_("tidak boleh bersamaan dengan"), blank=True, symmetrical=True
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("program bantuan")
        verbose_name_plural = _("program bantuan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="programme_code_per_area"),
            models.CheckConstraint(
                condition=(
                    Q(desil_min__isnull=True)
                    | Q(desil_min__gte=DESIL_MIN, desil_min__lte=DESIL_MAX)
                )
                & (
                    Q(desil_max__isnull=True)
                    | Q(desil_max__gte=DESIL_MIN, desil_max__lte=DESIL_MAX)
                ),
                name="programme_desil_1_10",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("poverty:programme_detail", args=[self.pk])


class RecipientSource(models.TextChoices):
    MANUAL = "manual", _("Dicatat")
    IMPORT = "import", _("Diimpor")


class Recipient(BaseModel):
    """A person receiving a programme, listed by a village (the NIK kept even when unmatched)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="recipients")
    area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("desa"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # recipient_area serves it
    )
    resident = models.ForeignKey(
        "registry.Resident",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aid_received",
        db_index=False,  # recipient_resident serves it
    )
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("nama"), max_length=100)
    member_no = models.CharField(_("no. peserta"), max_length=40, blank=True)
    source = models.CharField(max_length=8, choices=RecipientSource.choices)

    class Meta:
        verbose_name = _("penerima bantuan")
        verbose_name_plural = _("penerima bantuan")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "nik"], name="recipient_once_per_programme"
            )
        ]
        indexes = [
            models.Index(
                fields=["area", "programme"],
                name="recipient_area",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
            models.Index(fields=["resident", "programme"], name="recipient_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.nik} {self.programme_id}"


class RecipientImport(ImportJobBase):
    """An uploaded recipient list of one programme for one village."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("impor penerima bantuan")
        verbose_name_plural = _("impor penerima bantuan")
        ordering = ["-created_at"]

    def get_absolute_url(self) -> str:
        return reverse("poverty:recipient_import_detail", args=[self.pk])


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Usulan disusun")
    HELD = "held", _("Musdes sudah dilaksanakan")
    SENT = "sent", _("Dikirim ke Dinsos")
    CLOSED = "closed", _("Hasil verifikasi diterima")


class VerificationRound(BaseModel):
    """A village verification round decided in a musyawarah desa."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("judul"), max_length=150)
    meeting_date = models.DateField(_("tanggal musdes"))
    place = models.CharField(_("tempat"), max_length=150, blank=True)
    chair = models.CharField(_("pimpinan musdes"), max_length=100, blank=True)
    attendees = models.PositiveIntegerField(_("jumlah peserta"), default=0)
    notes = models.TextField(_("catatan musdes"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )

    class Meta:
        verbose_name = _("putaran verifikasi (musdes)")
        verbose_name_plural = _("putaran verifikasi (musdes)")
        ordering = ["-meeting_date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("poverty:round_detail", args=[self.pk])


ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.DRAFT: {RoundStatus.HELD},
    RoundStatus.HELD: {RoundStatus.SENT, RoundStatus.DRAFT},
    RoundStatus.SENT: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: set(),
}


class ProposalKind(models.TextChoices):
    ADD = "add", _("Usulan tambah")
    REMOVE = "remove", _("Usulan hapus")
    UPDATE = "update", _("Usulan perbaikan")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Diajukan")
    ACCEPTED = "accepted", _("Diterima")
    REJECTED = "rejected", _("Ditolak")


class Proposal(BaseModel):
    """One proposed change of a round: a resident into, out of or corrected in a list."""

    round = models.ForeignKey(VerificationRound, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(_("jenis usulan"), max_length=8, choices=ProposalKind.choices)
    resident = models.ForeignKey(
        "registry.Resident", verbose_name=_("penduduk"), on_delete=models.PROTECT, related_name="+"
    )
    # None: the welfare register itself (DTSEN), else one programme's list.
    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), null=True, blank=True, on_delete=models.PROTECT
    )
    reason = models.TextField(_("alasan"))
    evidence = models.TextField(_("bukti"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)

    class Meta:
        verbose_name = _("usulan")
        verbose_name_plural = _("usulan")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "resident", "programme", "kind"],
                name="proposal_once_per_round",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="proposal_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.resident_id}"


class ProposalEvidence(BaseModel):
    """A photo or PDF backing a proposal: checked by content, photos re-encoded without EXIF."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("berkas"), upload_to="poverty/bukti/%Y/%m/")
    content_type = models.CharField(max_length=40)
    original_name = models.CharField(_("nama berkas"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (byte)"))

    class Meta:
        verbose_name = _("berkas bukti usulan")
        verbose_name_plural = _("berkas bukti usulan")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("poverty:proposal_evidence", args=[self.pk])


class DecisionImport(ImportJobBase):
    """Dinsos' verification results for a round's proposals, checked and applied by the worker."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    round = models.ForeignKey(
        VerificationRound, on_delete=models.CASCADE, related_name="decision_imports"
    )

    class Meta:
        verbose_name = _("impor hasil verifikasi")
        verbose_name_plural = _("impor hasil verifikasi")
        ordering = ["-created_at"]

    def get_absolute_url(self) -> str:
        return reverse("poverty:round_detail", args=[self.round_id])


class PovertySetting(BaseModel):
    """A kabupaten's extreme-poverty settings."""

    area = models.OneToOneField(
        "regions.Area", verbose_name=_("kabupaten"), on_delete=models.PROTECT, related_name="+"
    )
    extreme_desil_max = models.PositiveSmallIntegerField(
        _("desil kemiskinan ekstrem sampai"), default=1
    )
    # BPS practice: USD 2.15 PPP 2017 ≈ Rp11,605 per person per day (2024).
    income_line = models.PositiveIntegerField(_("garis pendapatan (Rp/orang/hari)"), default=11605)

    class Meta:
        verbose_name = _("pengaturan kemiskinan ekstrem")
        verbose_name_plural = _("pengaturan kemiskinan ekstrem")
        constraints = [
            models.CheckConstraint(
                condition=Q(extreme_desil_max__gte=1, extreme_desil_max__lte=DESIL_MAX),
                name="setting_extreme_desil_1_10",
            )
        ]

    def __str__(self) -> str:
        return str(self.area_id)


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Didampingi")
    GRADUATED = "graduated", _("Graduasi")
    CLOSED = "closed", _("Ditutup (meninggal/pindah)")


class ExtremeCase(BaseModel):
    """A family in the extreme-poor pool followed until it graduates."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    family = models.ForeignKey(
        "registry.Family", verbose_name=_("keluarga"), on_delete=models.PROTECT, related_name="+"
    )
    opened_on = models.DateField(_("dibuka"))
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closed_on = models.DateField(_("tanggal graduasi/tutup"), null=True, blank=True)
    close_note = models.TextField(_("catatan penutupan"), blank=True)

    class Meta:
        verbose_name = _("kasus kemiskinan ekstrem")
        verbose_name_plural = _("kasus kemiskinan ekstrem")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"], condition=Q(status="open"), name="case_one_open_per_family"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | (~Q(status="open") & Q(closed_on__isnull=False)),
                name="case_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_id} {self.opened_on}"

    def get_absolute_url(self) -> str:
        return reverse("poverty:case_detail", args=[self.pk])


NEEDS = ("food", "water", "sanitation", "health", "shelter", "education", "information")


class CaseVisit(BaseModel):
    """An assessment or follow-up visit: each basic need met or not, and the income."""

    case = models.ForeignKey(ExtremeCase, on_delete=models.CASCADE, related_name="visits")
    visit_date = models.DateField(_("tanggal kunjungan"))
    food = models.BooleanField(_("pangan tercukupi"), default=False)
    water = models.BooleanField(_("air minum layak"), default=False)
    sanitation = models.BooleanField(_("sanitasi layak"), default=False)
    health = models.BooleanField(_("akses kesehatan"), default=False)
    shelter = models.BooleanField(_("rumah layak huni"), default=False)
    education = models.BooleanField(_("anak bersekolah / akses pendidikan"), default=False)
    information = models.BooleanField(_("akses informasi"), default=False)
    monthly_income = models.PositiveIntegerField(_("pendapatan keluarga per bulan (Rp)"))
    members = models.PositiveSmallIntegerField(_("jumlah anggota keluarga"))
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("kunjungan")
        verbose_name_plural = _("kunjungan")
        ordering = ["-visit_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(members__gte=1), name="visit_members_at_least_one")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.visit_date}"

    @property
    def needs_unmet(self) -> list[str]:
        return [n for n in NEEDS if not getattr(self, n)]

    @property
    def income_per_person_day(self) -> float:
        return self.monthly_income / self.members / 30


class Intervention(BaseModel):
    """Support given to a case: a programme, village spending (kegiatan code), or both."""

    case = models.ForeignKey(ExtremeCase, on_delete=models.CASCADE, related_name="interventions")
    description = models.CharField(_("uraian"), max_length=200)
    programme = models.ForeignKey(
        Programme, verbose_name=_("program"), null=True, blank=True, on_delete=models.PROTECT
    )
    kegiatan_code = models.CharField(_("kode kegiatan APBDes"), max_length=20, blank=True)
    amount = models.PositiveBigIntegerField(_("nilai (Rp)"), null=True, blank=True)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("intervensi")
        verbose_name_plural = _("intervensi")
        ordering = ["start_date", "pk"]

    def __str__(self) -> str:
        return self.description
