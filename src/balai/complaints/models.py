"""Complaints (pengaduan), their timeline, notifications and the SKM survey.

A complaint belongs to the area it concerns (``area``: a village or a
dusun/RW/RT in it) and is handled by one unit (``handler_area``: the
village, its kecamatan or the kabupaten, from the category). Deadlines of
the current stage and the moments at which an overdue complaint escalates
are computed with the unit's working calendar when the complaint enters a
stage and stored as columns, so the escalation job is an indexed query and
a bulk update.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balai.accounts.roles import Office
from balai.core.models import BaseModel

# Perpres 76/2013: a complaint is settled within 60 days at the latest.
# Category time limits are working days and are clamped to this.
LEGAL_MAX_DAYS = 60
DEFAULT_VERIFY_DAYS = 3  # ⚠ commonly cited for SP4N-LAPOR!, unconfirmed in the texts
DEFAULT_RESPONSE_DAYS = 5  # ⚠ idem
DEFAULT_REOPEN_DAYS = 10  # calendar days after "selesai" (eGov PGR idle time)
# Working days the kecamatan has after taking an escalated complaint before
# it goes on to the kabupaten.
ESCALATION_STEP_DAYS = 5
DUE_SOON_HOURS = 24


class Status(models.TextChoices):
    DITERIMA = "diterima", _("Diterima")
    DITUNDA = "ditunda", _("Ditunda")
    DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
    DIDISPOSISIKAN = "didisposisikan", _("Didisposisikan")
    DITINDAKLANJUTI = "ditindaklanjuti", _("Ditindaklanjuti")
    SELESAI = "selesai", _("Selesai")
    DITOLAK = "ditolak", _("Ditolak")


# Forwarding (bukan wewenang) and re-disposition keep or reset the status
# through the same table: DIVERIFIKASI → DITERIMA is "forwarded to the
# right unit", SELESAI → DIDISPOSISIKAN and DITOLAK → DITERIMA are reopens.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.DITERIMA: {Status.DIVERIFIKASI, Status.DITUNDA, Status.DITOLAK, Status.DITERIMA},
    Status.DITUNDA: {Status.DITERIMA, Status.DIVERIFIKASI, Status.DITOLAK},
    Status.DIVERIFIKASI: {Status.DIDISPOSISIKAN, Status.DITERIMA},
    Status.DIDISPOSISIKAN: {Status.DIDISPOSISIKAN, Status.DITINDAKLANJUTI},
    Status.DITINDAKLANJUTI: {Status.DITINDAKLANJUTI, Status.SELESAI},
    Status.SELESAI: {Status.DIDISPOSISIKAN, Status.DITERIMA},
    Status.DITOLAK: {Status.DITERIMA},
}
OPEN_STATUSES = (
    Status.DITERIMA,
    Status.DIVERIFIKASI,
    Status.DIDISPOSISIKAN,
    Status.DITINDAKLANJUTI,
)
CLOSED_STATUSES = (Status.SELESAI, Status.DITOLAK)


class Classification(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan")
    ASPIRASI = "aspirasi", _("Aspirasi")
    INFORMASI = "informasi", _("Permintaan informasi")


class Channel(models.TextChoices):
    WEB = "web", _("Formulir publik")
    SELF_SERVICE = "mandiri", _("Layanan mandiri warga")
    COUNTER = "loket", _("Loket (dicatat petugas)")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


class UnitLevel(models.TextChoices):
    """Which government level handles (or supervises) a complaint."""

    DESA = "desa", _("Desa/Kelurahan")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KABUPATEN = "kabupaten", _("Kabupaten")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("Belum dieskalasi")
    KECAMATAN = 1, _("Kecamatan")
    KABUPATEN = 2, _("Kabupaten")


class Category(BaseModel):
    """A kind of complaint, its responsible unit and its time limits.

    Rows without a kabupaten are the defaults; a kabupaten overrides one by
    adding a row with the same ``code`` (or hides it with ``is_active=False``).
    """

    kabupaten = models.ForeignKey(
        "regions.Area",
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosong: kategori bawaan untuk semua kabupaten/kota."),
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=100)
    unit_level = models.CharField(
        _("unit penanggung jawab"), max_length=12, choices=UnitLevel.choices
    )
    office = models.CharField(_("kantor"), max_length=16, choices=Office.choices, blank=True)
    verify_days = models.PositiveSmallIntegerField(
        _("batas verifikasi (hari kerja)"),
        default=DEFAULT_VERIFY_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(LEGAL_MAX_DAYS)],
    )
    response_days = models.PositiveSmallIntegerField(
        _("batas tindak lanjut pertama (hari kerja)"),
        default=DEFAULT_RESPONSE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(LEGAL_MAX_DAYS)],
    )
    resolve_days = models.PositiveSmallIntegerField(
        _("batas penyelesaian (hari kerja)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(LEGAL_MAX_DAYS)],
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("batas membuka kembali (hari)"),
        default=DEFAULT_REOPEN_DAYS,
        validators=[MinValueValidator(0), MaxValueValidator(LEGAL_MAX_DAYS)],
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kategori pengaduan")
        verbose_name_plural = _("kategori pengaduan")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kabupaten", "code"], name="complaint_category_code_per_kabupaten"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(kabupaten__isnull=True),
                name="complaint_category_default_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Complaint(BaseModel):
    """One complaint, aspiration or information request from a citizen."""

    number = models.CharField(_("nomor tiket"), max_length=20, unique=True)
    tracking_hash = models.CharField(_("sidik kode pelacakan"), max_length=64)
    area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    # Indexed by complaint_handler_status (handler_area, status): a second
    # index would only slow down every write (the escalation job's UPDATE).
    handler_area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("unit penangan"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    handler_level = models.CharField(
        _("tingkat unit penangan"), max_length=12, choices=UnitLevel.choices
    )
    handler_office = models.CharField(
        _("kantor penangan"), max_length=16, choices=Office.choices, blank=True
    )
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="complaints"
    )
    classification = models.CharField(
        _("klasifikasi"),
        max_length=12,
        choices=Classification.choices,
        default=Classification.PENGADUAN,
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DITERIMA
    )
    title = models.CharField(_("judul"), max_length=150)
    description = models.TextField(_("uraian"), max_length=5000)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # The complainant. Anonymous: nothing is stored. Confidential: stored but
    # shown only to handlers.
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    is_confidential = models.BooleanField(_("rahasia"), default=False)
    reporter_name = models.CharField(_("nama pelapor"), max_length=100, blank=True)
    reporter_phone = models.CharField(_("nomor HP/WA"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("email"), blank=True)
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pelapor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_filed",
    )
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("penduduk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_assigned",
    )
    hold_reason = models.CharField(_("alasan ditunda/ditolak"), max_length=500, blank=True)
    # Clock.
    received_at = models.DateTimeField(_("diterima pada"))
    verify_due = models.DateTimeField(_("batas verifikasi"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    response_due = models.DateTimeField(_("batas tindak lanjut pertama"), null=True, blank=True)
    responded_at = models.DateTimeField(_("tindak lanjut pertama"), null=True, blank=True)
    resolve_due = models.DateTimeField(_("batas penyelesaian"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    due_at = models.DateTimeField(_("batas tahap sekarang"), null=True, blank=True)
    escalate_kecamatan_at = models.DateTimeField(null=True, blank=True)
    escalate_kabupaten_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(
        _("tingkat eskalasi"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    escalated_at = models.DateTimeField(_("dieskalasi pada"), null=True, blank=True)
    due_soon_warned_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("dibuka kembali"), default=0)
    rating = models.PositiveSmallIntegerField(
        _("penilaian"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.CharField(_("komentar penilaian"), max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    # The service unit complained about (``complaints.units``), if the complainant named one.
    unit_code = models.CharField(_("unit pelayanan"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["area", "received_at"], name="complaint_area_received"),
            models.Index(fields=["handler_area", "status"], name="complaint_handler_status"),
            models.Index(
                fields=["escalate_kecamatan_at"],
                condition=Q(escalation_level=0),
                name="complaint_escalate_kec",
            ),
            models.Index(
                fields=["escalate_kabupaten_at"],
                condition=Q(escalation_level__lt=2),
                name="complaint_escalate_kab",
            ),
            models.Index(
                fields=["due_at"],
                condition=Q(due_soon_warned_at__isnull=True),
                name="complaint_due_unwarned",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(is_anonymous=True)
                | Q(reporter_name="", reporter_phone="", reporter_email=""),
                name="complaint_anonymous_stores_no_identity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_contact(self) -> bool:
        return bool(self.reporter_phone or self.reporter_email)


class EventKind(models.TextChoices):
    CREATED = "dibuat", _("Pengaduan diterima")
    STATUS = "status", _("Status berubah")
    ANSWER = "jawaban", _("Jawaban")
    NOTE = "catatan", _("Catatan internal")
    REPLY = "balasan", _("Balasan pelapor")
    ASSIGNED = "disposisi", _("Disposisi")
    FORWARDED = "diteruskan", _("Diteruskan")
    ESCALATED = "eskalasi", _("Eskalasi")
    INSTRUCTION = "arahan", _("Arahan atasan")
    REOPENED = "dibuka", _("Dibuka kembali")
    RATED = "dinilai", _("Dinilai")


PUBLIC_EVENT_KINDS = (
    EventKind.CREATED,
    EventKind.STATUS,
    EventKind.ANSWER,
    EventKind.REPLY,
    EventKind.FORWARDED,
    EventKind.REOPENED,
    EventKind.RATED,
)


class ComplaintEvent(models.Model):
    """One step in a complaint's timeline; public ones show on the tracking page."""

    # Indexed by complaint_event_time (complaint, created_at).
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=EventKind.choices)
    is_public = models.BooleanField(_("publik"), default=False)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    text = models.TextField(_("isi"), max_length=5000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_area = models.ForeignKey(
        "regions.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu"), db_index=True)

    class Meta:
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["complaint", "created_at"], name="complaint_event_time")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"


class Attachment(models.Model):
    """A photo (re-encoded, metadata stripped) or PDF sent with a complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to="complaints/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self) -> str:
        return str(self.original_name or self.file.name)


class NotificationLog(models.Model):
    """A message sent (or attempted) through a channel, for audit and debugging."""

    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    channel = models.CharField(max_length=16)
    recipient = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    ok = models.BooleanField(default=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("log notifikasi")
        verbose_name_plural = _("log notifikasi")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}"


class ServiceKind(models.TextChoices):
    COMPLAINT = "pengaduan", _("Pengaduan")
    LETTER = "surat", _("Permohonan surat")
    ONESTOP = "pelayanan", _("Pelayanan di loket (MPP, PATEN, desa)")


# PermenPANRB 14/2017: the nine SKM elements (U1..U9), scored 1..4.
SKM_ELEMENTS: tuple[tuple[str, Any], ...] = (
    ("u1", _("Persyaratan")),
    ("u2", _("Sistem, mekanisme dan prosedur")),
    ("u3", _("Waktu penyelesaian")),
    ("u4", _("Biaya/tarif")),
    ("u5", _("Produk spesifikasi jenis pelayanan")),
    ("u6", _("Kompetensi pelaksana")),
    ("u7", _("Perilaku pelaksana")),
    ("u8", _("Penanganan pengaduan, saran dan masukan")),
    ("u9", _("Sarana dan prasarana")),
)
SKM_FIELDS = tuple(name for name, _label in SKM_ELEMENTS)


def _score(label: Any) -> models.PositiveSmallIntegerField[int, int]:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )


class SurveyResponse(models.Model):
    """One SKM answer about one finished service (a complaint now, a letter later).

    ``service_kind`` + ``object_id`` identify the service without importing
    its app; ``complaint`` is set as well for complaints.
    """

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa/kelurahan"), on_delete=models.PROTECT, related_name="+"
    )
    service_kind = models.CharField(max_length=12, choices=ServiceKind.choices)
    object_id = models.PositiveBigIntegerField()
    complaint = models.OneToOneField(
        Complaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="survey"
    )
    u1 = _score(_("Persyaratan"))
    u2 = _score(_("Sistem, mekanisme dan prosedur"))
    u3 = _score(_("Waktu penyelesaian"))
    u4 = _score(_("Biaya/tarif"))
    u5 = _score(_("Produk spesifikasi jenis pelayanan"))
    u6 = _score(_("Kompetensi pelaksana"))
    u7 = _score(_("Perilaku pelaksana"))
    u8 = _score(_("Penanganan pengaduan, saran dan masukan"))
    u9 = _score(_("Sarana dan prasarana"))
    suggestion = models.TextField(_("saran"), max_length=2000, blank=True)
    # The service unit answered about (``complaints.units``), when known.
    unit_code = models.CharField(_("unit pelayanan"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("diisi pada"), db_index=True)

    class Meta:
        verbose_name = _("jawaban SKM")
        verbose_name_plural = _("jawaban SKM")
        indexes = [models.Index(fields=["area", "submitted_at"], name="survey_area_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["service_kind", "object_id"], name="survey_once_per_service"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{f}__gte": 1, f"{f}__lte": 4}), name=f"survey_{f}_1_to_4"
                )
                for f in SKM_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"SKM {self.service_kind} {self.object_id}"
