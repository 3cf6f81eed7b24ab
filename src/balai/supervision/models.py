"""Guidance and supervision of villages (pembinaan dan pengawasan, binwas).

A kecamatan plans *activities* (its agenda per year and quarter); each
activity has a team and one *visit* per village it covers. A visit is filled
against the kabupaten's *instruments* (checklists) and signed off by the
team leader. What it finds becomes a *follow-up* (temuan) with a
recommendation, a responsible party and a working-day due date; decisions
of a coordination meeting (*rakor*) are follow-ups too. Villages' annual
reports the kecamatan chases are *report receipts*.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel


class ActivityKind(models.TextChoices):
    PEMBINAAN = "pembinaan", _("Pembinaan")
    PENGAWASAN = "pengawasan", _("Pengawasan")


class ActivityStatus(models.TextChoices):
    PLANNED = "direncanakan", _("Direncanakan")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", _("Batal")


class Activity(BaseModel):
    """One item of a kecamatan's programme: villages, dates, topics, a team."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    kind = models.CharField(_("jenis"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    topics = models.CharField(_("topik"), max_length=300, blank=True)
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ketua tim"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("kegiatan binwas")
        verbose_name_plural = _("kegiatan binwas")
        indexes = [models.Index(fields=["area", "year", "quarter"], name="sup_activity_area_year")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="sup_activity_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="sup_activity_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Affiliation(models.TextChoices):
    KECAMATAN = "kecamatan", _("Staf kecamatan")
    UPT_PENDIDIKAN = "upt_pendidikan", _("UPT Pendidikan")
    UPT_KESEHATAN = "upt_kesehatan", _("UPT Kesehatan / Puskesmas")
    PENDAMPING = "pendamping", _("Pendamping desa")
    KABUPATEN = "kabupaten", _("Perangkat daerah kabupaten")
    LAINNYA = "lainnya", _("Lainnya")


class TeamMember(BaseModel):
    """A member of an activity's team: a user of Balai or a named guest."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nama"), max_length=120)
    affiliation = models.CharField(_("unsur"), max_length=16, choices=Affiliation.choices)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class AnswerType(models.TextChoices):
    YES_NO = "ya_tidak", _("Ya/Tidak")
    NUMBER = "angka", _("Angka")
    TEXT = "teks", _("Teks")
    CHOICE = "pilihan", _("Pilihan")


class Instrument(BaseModel):
    """A checklist defined by a kabupaten (its questions check one area of village work)."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("kabupaten"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=160)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="sup_instrument_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class Question(BaseModel):
    """One question of an instrument: its answer type, the evidence it needs, its rule."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    text = models.CharField(_("pertanyaan"), max_length=300)
    answer_type = models.CharField(_("jenis jawaban"), max_length=10, choices=AnswerType.choices)
    choices = models.CharField(
        _("pilihan jawaban"), max_length=300, blank=True, help_text=_("Dipisah dengan |")
    )
    evidence = models.CharField(_("bukti yang diperlukan"), max_length=200, blank=True)
    rule = models.CharField(_("aturan yang diperiksa"), max_length=200, blank=True)
    # The answer that means the rule is broken ("tidak" for yes/no questions).
    finding_if = models.CharField(_("temuan bila jawaban"), max_length=60, blank=True)
    # A question once asked is never rewritten: editing it retires it and adds
    # its successor, so visits keep what they were asked.
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["instrument", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.split("|") if c.strip()]


class VisitStatus(models.TextChoices):
    PLANNED = "direncanakan", _("Direncanakan")
    DRAFT = "draf", _("Draf")
    SIGNED = "ditandatangani", _("Ditandatangani")
    CANCELLED = "batal", _("Batal")


class Visit(BaseModel):
    """A visit of an activity's team to one village (planned when the activity is planned)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="visits")
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    planned_on = models.DateField(_("tanggal rencana"))
    status = models.CharField(
        _("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    instruments = models.ManyToManyField(Instrument, blank=True, related_name="+")
    # What was asked when the visit started: the questions and the names of
    # their instruments then (later edits of the instruments do not reach it).
    questions = models.ManyToManyField(
        Question, verbose_name=_("pertanyaan yang diajukan"), blank=True, related_name="+"
    )
    instrument_names = models.JSONField(_("nama instrumen saat itu"), default=dict, blank=True)
    visited_on = models.DateField(_("tanggal kunjungan"), null=True, blank=True)
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    summary = models.TextField(_("ringkasan"), blank=True)
    brief = models.JSONField(_("bahan kunjungan"), default=dict, blank=True)
    signed_at = models.DateTimeField(_("ditandatangani"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["planned_on", "pk"]
        indexes = [models.Index(fields=["area", "planned_on"], name="sup_visit_area_planned")]
        constraints = [
            models.UniqueConstraint(fields=["activity", "area"], name="sup_visit_one_per_village")
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.area_id}"

    @property
    def is_signed(self) -> bool:
        return self.status == VisitStatus.SIGNED


class Answer(BaseModel):
    """The answer to one question in one visit (saved as it is typed)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("jawaban"), max_length=500, blank=True)
    note = models.CharField(_("catatan"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "question"], name="sup_answer_unique")
        ]


class VisitPhoto(BaseModel):
    """A photo taken on a visit, re-encoded without EXIF."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    content = models.BinaryField(_("isi"))
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]


class MeetingLevel(models.TextChoices):
    KECAMATAN = "kecamatan", _("Rakor kecamatan (dengan kepala desa)")
    KABUPATEN = "kabupaten", _("Rakor kabupaten (dengan camat)")


class MeetingStatus(models.TextChoices):
    PLANNED = "direncanakan", _("Direncanakan")
    HELD = "terlaksana", _("Terlaksana")


def _new_token() -> str:
    return secrets.token_urlsafe(16)


class Meeting(BaseModel):
    """A coordination meeting (rakor) of a kecamatan or a kabupaten."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("tingkat"), max_length=10, choices=MeetingLevel.choices)
    title = models.CharField(_("judul"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(_("notulen"), blank=True)
    token = models.CharField(max_length=40, default=_new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["area", "held_on"], name="sup_meeting_area_date")]

    def __str__(self) -> str:
        return self.title


class AgendaItem(BaseModel):
    """One item of a rakor's agenda (drafted from data or written by hand)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("acara"), max_length=300)
    from_data = models.BooleanField(_("dari data"), default=False)

    class Meta:
        ordering = ["order", "pk"]


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("Pindai QR")
    SECRETARY = "sekretaris", _("Dicatat sekretaris")


class Attendee(BaseModel):
    """An invitee of a rakor; signed in by QR on their phone or by the secretary."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nama"), max_length=120)
    position = models.CharField(_("jabatan"), max_length=120, blank=True)
    invited = models.BooleanField(_("diundang"), default=True)
    signed_at = models.DateTimeField(_("hadir pada"), null=True, blank=True)
    method = models.CharField(
        _("cara hadir"), max_length=12, choices=AttendanceMethod.choices, blank=True
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="sup_attendee_one_per_user",
            )
        ]

    def __str__(self) -> str:
        return self.name


class FollowUpKind(models.TextChoices):
    FINDING = "temuan", _("Temuan kunjungan")
    DECISION = "keputusan", _("Keputusan rakor")


class Responsible(models.TextChoices):
    VILLAGE = "desa", _("Pemerintah desa")
    KECAMATAN = "kecamatan", _("Kecamatan")
    OFFICE = "opd", _("Perangkat daerah kabupaten")


class FollowUpStatus(models.TextChoices):
    OPEN = "terbuka", _("Menunggu tindak lanjut")
    ANSWERED = "dijawab", _("Dijawab, menunggu verifikasi")
    RETURNED = "dikembalikan", _("Dikembalikan")
    CLOSED = "selesai", _("Selesai")


OPEN_FOLLOWUP = (FollowUpStatus.OPEN, FollowUpStatus.ANSWERED, FollowUpStatus.RETURNED)
# A follow-up done on time: closed no later than its due date (the visits' findings, the rakor
# decisions and the overview count the same way).
CLOSED_ON_TIME = models.Q(status=FollowUpStatus.CLOSED, closed_at__date__lte=models.F("due_on"))
# Who acts next in each status: the responsible party answers an open or
# returned item; the kecamatan (or kabupaten, for its rakor) verifies.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    FollowUpStatus.OPEN: {FollowUpStatus.ANSWERED, FollowUpStatus.CLOSED},
    FollowUpStatus.RETURNED: {FollowUpStatus.ANSWERED, FollowUpStatus.CLOSED},
    FollowUpStatus.ANSWERED: {FollowUpStatus.CLOSED, FollowUpStatus.RETURNED},
    FollowUpStatus.CLOSED: set(),
}


class FollowUp(BaseModel):
    """A finding of a visit or a decision of a rakor, followed until closed.

    ``area`` is the village concerned (a finding's village; a decision's
    village when it names one, else the rakor's kecamatan or kabupaten).
    """

    kind = models.CharField(_("jenis"), max_length=10, choices=FollowUpKind.choices)
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="followups"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("uraian temuan"))
    recommendation = models.TextField(_("rekomendasi"))
    responsible = models.CharField(
        _("penanggung jawab"), max_length=10, choices=Responsible.choices
    )
    office = models.CharField(_("perangkat daerah"), max_length=16, blank=True)
    found_on = models.DateField(_("tanggal temuan"))
    due_days = models.PositiveSmallIntegerField(_("batas (hari kerja)"), null=True, blank=True)
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"), max_length=14, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    indicator = models.CharField(_("indikator pemulihan"), max_length=60, blank=True)
    closed_at = models.DateTimeField(_("diselesaikan"), null=True, blank=True)
    closed_by_data = models.BooleanField(_("selesai menurut data"), default=False)
    escalated_at = models.DateTimeField(_("dieskalasi ke DPMD"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        indexes = [
            models.Index(fields=["area", "due_on"], name="sup_followup_area_due"),
            models.Index(fields=["status", "due_on"], name="sup_followup_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("found_on")), name="sup_followup_due_after"
            ),
            models.CheckConstraint(
                condition=models.Q(visit__isnull=False) | models.Q(meeting__isnull=False),
                name="sup_followup_has_source",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_FOLLOWUP


class FollowUpStep(BaseModel):
    """One step in a follow-up's history: an answer with evidence, a return, a closure."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("langkah"), max_length=20)
    status = models.CharField(_("status"), max_length=14, choices=FollowUpStatus.choices)
    note = models.TextField(_("catatan"), blank=True)
    evidence = models.BinaryField(_("bukti"), null=True, blank=True)
    evidence_type = models.CharField(max_length=40, blank=True)
    evidence_name = models.CharField(max_length=100, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]


class ReportKind(models.TextChoices):
    """Village reports the kecamatan chases (the APBDes comes from the finance module)."""

    LPPDES = "lppdes", _("LPPDes (laporan penyelenggaraan pemerintahan desa)")


class ReportReceipt(BaseModel):
    """The kecamatan's record that a village's report for a year arrived."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("laporan"), max_length=10, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun laporan"))
    received_on = models.DateField(_("tanggal diterima"))
    note = models.CharField(_("catatan"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["area", "kind", "year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "kind", "year"], name="sup_report_unique")
        ]


class CalendarFeed(BaseModel):
    """A user's personal iCal feed of an agenda, opened by a secret in its URL.

    Calendar apps cannot log in, so the URL carries the secret. Only a keyed
    hash (HMAC-SHA256 with the site's secret key) of it is stored: the secret
    is 256 random bits, so a slow hash would add nothing but latency, and the
    key keeps a leaked table from being checked offline. The feed shows what
    its role may see, and stops when the role or the user is deactivated.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="binwas_feed",
    )
    role = models.ForeignKey(
        "accounts.RoleAssignment",
        verbose_name=_("peran"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("tautan kalender binwas")
        verbose_name_plural = _("tautan kalender binwas")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.area_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
