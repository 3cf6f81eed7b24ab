"""Service standards, letter requests and their workflow, numbering, issued letters.

Letter *types* are code (``catalogue.py``): their rules and form fields ship
with Balai; a village keeps its own template body, classification code and
number format per type in ``LetterTemplate``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel


class TimeUnit(models.TextChoices):
    MINUTES = "menit", _("menit kerja")
    HOURS = "jam", _("jam kerja")
    DAYS = "hari", _("hari kerja")


class ServiceStandard(BaseModel):
    """One service's published standard (SPM Desa, Permendagri 2/2017 Pasal 12).

    A kabupaten row is the default catalogue (its Perbup); a village row is
    the village's adopted (and possibly adjusted) standard.
    """

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey(
        "self",
        verbose_name=_("dari katalog"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama layanan"), max_length=150)
    letter_type = models.CharField(_("jenis surat"), max_length=40, blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    requirements = models.JSONField(_("persyaratan"), default=list, blank=True)
    procedure = models.JSONField(_("prosedur"), default=list, blank=True)
    responsible_official = models.CharField(_("pejabat penanggung jawab"), max_length=120)
    officer = models.CharField(_("petugas"), max_length=120)
    time_value = models.PositiveIntegerField(_("waktu pelayanan"), default=1)
    time_unit = models.CharField(
        _("satuan waktu"), max_length=8, choices=TimeUnit.choices, default=TimeUnit.DAYS
    )
    cost = models.PositiveIntegerField(_("biaya (Rp)"), default=0)
    cost_note = models.CharField(_("keterangan biaya"), max_length=200, blank=True)
    opening_hours = models.CharField(_("jam pelayanan"), max_length=200, blank=True)
    decision_ref = models.CharField(_("nomor keputusan kepala desa"), max_length=120, blank=True)
    is_published = models.BooleanField(_("diterbitkan"), default=True)

    class Meta:
        verbose_name = _("standar pelayanan")
        verbose_name_plural = _("standar pelayanan")
        ordering = ["area_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="standard_code_per_area"),
            models.CheckConstraint(condition=Q(time_value__gte=1), name="standard_time_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def time_label(self) -> str:
        return f"{self.time_value} {self.get_time_unit_display()}"


class Paper(models.TextChoices):
    A4 = "a4", "A4"
    F4 = "f4", "F4 (folio)"


class SequenceScope(models.TextChoices):
    VILLAGE = "desa", _("Satu urutan untuk semua surat desa per tahun")
    TYPE = "jenis", _("Satu urutan per jenis surat per tahun")


DEFAULT_NUMBER_FORMAT = "[kode]/[nomor,3]/[kode_desa]/[bulan_romawi]/[tahun]"


class VillageLetterSettings(BaseModel):
    """A village's letter office: letterhead, signatories, numbering, workflow, maklumat."""

    area = models.OneToOneField(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("alamat kantor"), max_length=255, blank=True)
    contact = models.CharField(_("telepon/email"), max_length=120, blank=True)
    head_name = models.CharField(_("nama kepala desa"), max_length=100, blank=True)
    head_title = models.CharField(_("sebutan jabatan"), max_length=60, default="Kepala Desa")
    secretary_name = models.CharField(_("nama sekretaris desa"), max_length=100, blank=True)
    camat_name = models.CharField(_("nama camat"), max_length=100, blank=True)
    paper = models.CharField(_("ukuran kertas"), max_length=4, choices=Paper.choices, default="a4")
    number_format = models.CharField(
        _("format nomor"), max_length=120, default=DEFAULT_NUMBER_FORMAT
    )
    sequence_scope = models.CharField(
        _("urutan nomor"),
        max_length=8,
        choices=SequenceScope.choices,
        default=SequenceScope.VILLAGE,
    )
    requires_approval = models.BooleanField(_("perlu persetujuan sekdes"), default=False)
    opening_hours = models.CharField(
        _("jam pelayanan"), max_length=200, default="Senin-Jumat 08.00-16.00"
    )
    logo = models.BinaryField(_("logo kabupaten (PNG)"), null=True, blank=True, editable=True)
    maklumat = models.TextField(_("maklumat pelayanan"), blank=True)
    maklumat_signed_on = models.DateField(_("maklumat ditandatangani"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengaturan surat desa")
        verbose_name_plural = _("pengaturan surat desa")

    def __str__(self) -> str:
        return str(self.area_id)


class LetterTemplate(BaseModel):
    """A village's version of one letter type: body, classification code, number format."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    letter_type = models.CharField(_("jenis surat"), max_length=40)
    body = models.TextField(_("isi templat"))
    classification = models.CharField(_("kode klasifikasi"), max_length=20, blank=True)
    number_format = models.CharField(_("format nomor khusus"), max_length=120, blank=True)
    online = models.BooleanField(_("dapat dimohon warga secara daring"), default=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("templat surat")
        verbose_name_plural = _("templat surat")
        constraints = [
            models.UniqueConstraint(fields=["area", "letter_type"], name="template_once_per_type")
        ]

    def __str__(self) -> str:
        return f"{self.letter_type} ({self.area_id})"


class Status(models.TextChoices):
    SUBMITTED = "diajukan", _("Diajukan")
    VERIFIED = "diverifikasi", _("Diverifikasi")
    APPROVED = "disetujui", _("Disetujui sekdes")
    SIGNED = "ditandatangani", _("Ditandatangani kepala desa")
    COUNTERSIGNED = "diketahui_camat", _("Diketahui camat")
    DONE = "selesai", _("Selesai")
    REJECTED = "ditolak", _("Ditolak")


ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.VERIFIED, Status.REJECTED},
    Status.VERIFIED: {Status.APPROVED, Status.SIGNED, Status.REJECTED},
    Status.APPROVED: {Status.SIGNED, Status.REJECTED},
    # No rejection once signed: a signed letter that must be withdrawn is voided
    # (services.requests.issued_document_void), its number kept in the register.
    Status.SIGNED: {Status.COUNTERSIGNED, Status.DONE},
    Status.COUNTERSIGNED: {Status.DONE},
    Status.DONE: set(),
    Status.REJECTED: set(),
}
OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.VERIFIED,
    Status.APPROVED,
    Status.SIGNED,
    Status.COUNTERSIGNED,
)


class Channel(models.TextChoices):
    COUNTER = "loket", _("Loket kantor desa")
    ONLINE = "daring", _("Daring oleh warga")


class RejectReason(models.TextChoices):
    INCOMPLETE = "berkas_kurang", _("Persyaratan tidak lengkap")
    NOT_ELIGIBLE = "tidak_memenuhi", _("Tidak memenuhi ketentuan")
    DATA_MISMATCH = "data_tidak_sesuai", _("Data tidak sesuai")
    DUPLICATE = "ganda", _("Permohonan ganda")
    WITHDRAWN = "dibatalkan_pemohon", _("Dibatalkan pemohon")
    OTHER = "lainnya", _("Lainnya")


# Key in LetterRequest.data holding a non-registered subject: nama, nik, alamat.
OUTSIDER = "bukan_penduduk"


class LetterRequest(BaseModel):
    """A request for one letter, made at the counter or online, with its service clock."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    letter_type = models.CharField(_("jenis surat"), max_length=40)
    # Empty for a person outside the register (a domisili letter for a
    # non-permanent resident): their identity is in data[OUTSIDER].
    subject = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("penduduk yang bersangkutan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    data = models.JSONField(_("isian"), default=dict, blank=True)
    purpose = models.CharField(_("keperluan"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    channel = models.CharField(_("saluran"), max_length=8, choices=Channel.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applicant = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("pemohon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    standard = models.ForeignKey(
        ServiceStandard,
        verbose_name=_("standar pelayanan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("diterima"))
    due_at = models.DateTimeField(_("batas waktu"))
    completed_at = models.DateTimeField(_("selesai diproses"), null=True, blank=True)
    working_minutes = models.PositiveIntegerField(_("menit kerja terpakai"), null=True, blank=True)
    reject_reason = models.CharField(
        _("alasan penolakan"), max_length=20, choices=RejectReason.choices, blank=True
    )
    reject_note = models.CharField(_("catatan penolakan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("permohonan surat")
        verbose_name_plural = _("permohonan surat")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["area", "status"], name="letterreq_area_status"),
            models.Index(fields=["area", "received_at"], name="letterreq_area_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ditolak") | ~Q(reject_reason=""),
                name="letterreq_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.letter_type}"

    def get_absolute_url(self) -> str:
        return reverse("letters:request_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def letter_type_name(self) -> str:
        """The letter type as people call it ("Surat Keterangan Tidak Mampu"), not its code."""
        from balai.letters.catalogue import letter_type

        found = letter_type(self.letter_type)
        return str(found.name) if found else self.letter_type

    @property
    def outsider(self) -> dict[str, str] | None:
        """The person outside the register this letter is about (None: a resident)."""
        value = self.data.get(OUTSIDER) if self.subject_id is None else None
        return value if isinstance(value, dict) else None

    @property
    def subject_name(self) -> str:
        """The name of the person the letter is about, registered or not."""
        if self.subject is not None:
            return self.subject.name
        return (self.outsider or {}).get("nama", "")


class StatusChange(models.Model):
    """One step of a request's history: who moved it from which status to which, when."""

    request = models.ForeignKey(LetterRequest, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("riwayat status")
        verbose_name_plural = _("riwayat status")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"


class RequirementDocument(models.Model):
    """A requirement document (scan/photo/PDF) attached to a request."""

    request = models.ForeignKey(LetterRequest, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("nama dokumen"), max_length=120)
    file = models.FileField(_("berkas"), upload_to="letters/persyaratan/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen persyaratan")
        verbose_name_plural = _("dokumen persyaratan")

    def __str__(self) -> str:
        return self.name


class NumberSequence(models.Model):
    """The counter of one numbering scope; locked (SELECT … FOR UPDATE) to take a number."""

    area = models.ForeignKey("regions.Area", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    scope_key = models.CharField(max_length=40, blank=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("urutan nomor surat")
        verbose_name_plural = _("urutan nomor surat")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "scope_key", "year"], name="number_sequence_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_id}/{self.scope_key or '*'}/{self.year}: {self.last}"


class IssuedDocument(BaseModel):
    """A numbered, signed letter: a row of the outgoing-letter register (buku agenda).

    Voided rows stay, with their reason, so a number is never given twice.
    """

    request = models.OneToOneField(
        LetterRequest, on_delete=models.PROTECT, related_name="issued", null=True, blank=True
    )
    area = models.ForeignKey("regions.Area", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    scope_key = models.CharField(max_length=40, blank=True)
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("nomor surat"), max_length=120)
    letter_type = models.CharField(_("jenis surat"), max_length=40)
    title = models.CharField(_("perihal"), max_length=150)
    subject_name = models.CharField(_("nama yang bersangkutan"), max_length=100)
    signer_name = models.CharField(_("penanda tangan"), max_length=100)
    signer_title = models.CharField(_("jabatan penanda tangan"), max_length=100)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("tanggal surat"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    countersigner_name = models.CharField(max_length=100, blank=True)
    countersigned_at = models.DateTimeField(null=True, blank=True)
    verification_code = models.CharField(max_length=32, unique=True)
    layout = models.JSONField(default=dict, blank=True)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    voided_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    void_reason = models.CharField(_("alasan pembatalan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("surat keluar")
        verbose_name_plural = _("buku agenda surat keluar")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "scope_key", "year", "sequence"], name="issued_number_unique"
            ),
            models.UniqueConstraint(fields=["area", "number"], name="issued_printed_number_unique"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="issued_sequence_positive"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class ResidentAccount(BaseModel):
    """A resident's self-service login: NIK + PIN (argon2), set with a one-time code.

    Failed tries and lock-outs are django-axes' (``accounts.lockout``), as for staff.

    On first login a Django user with the resident role is made and linked,
    so resident pages use the normal session and ``own_account`` views.
    """

    resident = models.OneToOneField("registry.Resident", on_delete=models.CASCADE, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pin_hash = models.CharField(max_length=255, blank=True)
    code_hash = models.CharField(max_length=255, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("akun layanan mandiri warga")
        verbose_name_plural = _("akun layanan mandiri warga")

    def __str__(self) -> str:
        return str(self.resident_id)
