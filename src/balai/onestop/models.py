"""One-stop public service: the catalogue, service points, counters, bookings and queue tickets.

A kabupaten's catalogue lists every provider's services (Dinas, Dukcapil,
BPJS, Samsat, banks, kecamatan, villages) with the published components of
their standard (PermenPANRB 15/2014). A ``Location`` is a service unit (an
MPP, a kecamatan's PATEN desk, a village front office): it is run by an area
(``owner``: the kabupaten, kecamatan or village, which scopes access) and sits
in a village (``area``: where its figures are counted, as every indicator fact
belongs to a village). Its ``Counter`` rows serve services; residents book a
slot (``Appointment``) or take a walk-in ``Ticket``, numbered per counter and
day under a locked ``QueueDay`` row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.letters.models import TimeUnit


class ProviderKind(models.TextChoices):
    DINAS = "dinas", _("Perangkat daerah")
    DUKCAPIL = "dukcapil", _("Dukcapil")
    BPJS = "bpjs", _("BPJS")
    SAMSAT = "samsat", _("Samsat")
    BANK = "bank", _("Bank")
    VERTIKAL = "vertikal", _("Instansi vertikal")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa/kelurahan")
    LAINNYA = "lainnya", _("Lainnya")


class Provider(BaseModel):
    """An agency whose services a kabupaten's catalogue lists."""

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama instansi"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=12, choices=ProviderKind.choices)

    class Meta:
        verbose_name = _("penyelenggara layanan")
        verbose_name_plural = _("penyelenggara layanan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="onestop_provider_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Service(BaseModel):
    """One service of the catalogue with the six published standard components.

    ``wait_minutes`` and ``serve_minutes`` are the counter's own standard
    (longest wait for a call, longest time at the counter): the measured
    times of every ticket are compared with them.
    """

    area = models.ForeignKey(
        "regions.Area", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("penyelenggara"), on_delete=models.PROTECT, related_name="services"
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama layanan"), max_length=150)
    description = models.TextField(_("uraian"), max_length=2000, blank=True)
    requirements = models.JSONField(_("persyaratan"), default=list, blank=True)
    procedure = models.JSONField(_("sistem, mekanisme dan prosedur"), default=list, blank=True)
    time_value = models.PositiveIntegerField(_("jangka waktu penyelesaian"), default=1)
    time_unit = models.CharField(
        _("satuan waktu"), max_length=8, choices=TimeUnit.choices, default=TimeUnit.DAYS
    )
    cost = models.PositiveIntegerField(_("biaya/tarif (Rp)"), default=0)
    cost_note = models.CharField(_("keterangan biaya"), max_length=200, blank=True)
    product = models.CharField(_("produk pelayanan"), max_length=200, blank=True)
    complaint_channel = models.CharField(
        _("penanganan pengaduan, saran dan masukan"), max_length=300, blank=True
    )
    legal_basis = models.TextField(_("dasar hukum"), max_length=2000, blank=True)
    wait_minutes = models.PositiveIntegerField(_("standar waktu tunggu (menit)"), default=30)
    serve_minutes = models.PositiveIntegerField(_("standar waktu di loket (menit)"), default=15)
    letter_types = models.JSONField(_("surat desa yang diperlukan"), default=list, blank=True)
    is_published = models.BooleanField(_("diterbitkan"), default=True)

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="onestop_service_code"),
            models.CheckConstraint(condition=Q(time_value__gte=1), name="onestop_service_time"),
            models.CheckConstraint(
                condition=Q(wait_minutes__gte=1, serve_minutes__gte=1),
                name="onestop_service_counter_standard",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("onestop:service", args=[self.pk])

    @property
    def time_label(self) -> str:
        return f"{self.time_value} {self.get_time_unit_display()}"


class LocationKind(models.TextChoices):
    MPP = "mpp", _("Mal Pelayanan Publik")
    PATEN = "paten", _("PATEN kecamatan")
    DESA = "desa", _("Loket desa/kelurahan")


class Location(BaseModel):
    """A service unit: an MPP, a kecamatan PATEN desk or a village front office."""

    code = models.SlugField(_("kode unit"), max_length=40, unique=True)
    name = models.CharField(_("nama unit"), max_length=150)
    kind = models.CharField(_("jenis unit"), max_length=8, choices=LocationKind.choices)
    owner = models.ForeignKey(
        "regions.Area", verbose_name=_("penyelenggara"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("desa/kelurahan lokasi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("alamat"), max_length=250, blank=True)
    opening_hours = models.CharField(_("jam pelayanan"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("unit pelayanan")
        verbose_name_plural = _("unit pelayanan")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("onestop:location", args=[self.code])


class Counter(BaseModel):
    """One counter (loket) of a location, serving some services, with its booking rules."""

    location = models.ForeignKey(
        Location, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="counters"
    )
    name = models.CharField(_("nama loket"), max_length=120)
    prefix = models.CharField(_("huruf antrean"), max_length=3)
    services = models.ManyToManyField(
        Service, verbose_name=_("layanan"), related_name="counters", blank=True
    )
    opens_at = models.TimeField(_("buka"))
    closes_at = models.TimeField(_("tutup"))
    slot_minutes = models.PositiveSmallIntegerField(_("lama slot (menit)"), default=30)
    slot_capacity = models.PositiveSmallIntegerField(_("janji per slot"), default=4)
    daily_quota = models.PositiveSmallIntegerField(_("kuota janji harian"), default=40)
    is_open = models.BooleanField(_("sedang melayani"), default=False)

    class Meta:
        verbose_name = _("loket")
        verbose_name_plural = _("loket")
        ordering = ["location", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["location", "prefix"], name="onestop_counter_prefix"),
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="onestop_counter_hours"
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5, slot_capacity__gte=1),
                name="onestop_counter_slots",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location.name} · {self.name}"


class CounterDay(models.Model):
    """A counter's booking quota for one day, when it differs from the daily default."""

    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("tanggal"))
    quota = models.PositiveSmallIntegerField(_("kuota janji"))

    class Meta:
        verbose_name = _("kuota harian loket")
        verbose_name_plural = _("kuota harian loket")
        constraints = [
            models.UniqueConstraint(fields=["counter", "day"], name="onestop_counterday_once"),
        ]

    def __str__(self) -> str:
        return f"{self.counter} {self.day}: {self.quota}"


class QueueDay(models.Model):
    """The last queue number given at a counter on a day; locked to take the next."""

    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["counter", "day"], name="onestop_queueday_once"),
        ]

    def __str__(self) -> str:
        return f"{self.counter_id} {self.day}: {self.last}"


class AppointmentStatus(models.TextChoices):
    BOOKED = "dipesan", _("Dipesan")
    CHECKED_IN = "hadir", _("Hadir, mendapat nomor")
    CANCELLED = "batal", _("Dibatalkan")
    NO_SHOW = "tidak_hadir", _("Tidak hadir (dilepas)")


# Bookings that hold a place in the day's quota and the slot.
HOLDING = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


class Appointment(BaseModel):
    """An online booking of a counter's slot on a day."""

    code = models.CharField(_("kode janji"), max_length=12, unique=True)
    counter = models.ForeignKey(
        Counter, verbose_name=_("loket"), on_delete=models.PROTECT, related_name="appointments"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("tanggal"))
    slot = models.TimeField(_("jam"))
    name = models.CharField(_("nama"), max_length=100)
    phone = models.CharField(_("nomor HP/WA"), max_length=20, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )

    class Meta:
        verbose_name = _("janji layanan")
        verbose_name_plural = _("janji layanan")
        ordering = ["day", "slot"]
        indexes = [models.Index(fields=["counter", "day", "slot"], name="onestop_appt_slot")]

    def __str__(self) -> str:
        return f"{self.code} {self.day} {self.slot:%H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("onestop:appointment", args=[self.code])


class Source(models.TextChoices):
    WALK_IN = "datang", _("Datang langsung")
    ONLINE = "janji", _("Janji daring")


class TicketStatus(models.TextChoices):
    WAITING = "menunggu", _("Menunggu")
    CALLED = "dipanggil", _("Dipanggil")
    SERVING = "dilayani", _("Sedang dilayani")
    DONE = "selesai", _("Selesai")
    NO_SHOW = "tidak_hadir", _("Tidak hadir")


ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    TicketStatus.WAITING: {TicketStatus.CALLED, TicketStatus.NO_SHOW},
    TicketStatus.CALLED: {TicketStatus.SERVING, TicketStatus.DONE, TicketStatus.NO_SHOW},
    TicketStatus.SERVING: {TicketStatus.DONE},
    TicketStatus.DONE: set(),
    TicketStatus.NO_SHOW: set(),
}


class Ticket(models.Model):
    """One queue number at a counter on a day, with its measured times."""

    code = models.CharField(_("kode tiket"), max_length=12, unique=True)
    counter = models.ForeignKey(
        Counter, verbose_name=_("loket"), on_delete=models.PROTECT, related_name="tickets"
    )
    # The village the location sits in (its figures are counted there).
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("desa/kelurahan"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        Service, verbose_name=_("layanan"), on_delete=models.PROTECT, related_name="tickets"
    )
    appointment = models.OneToOneField(
        Appointment, null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket"
    )
    day = models.DateField(_("tanggal"))
    sequence = models.PositiveIntegerField(_("urutan"))
    number = models.CharField(_("nomor antrean"), max_length=12)
    source = models.CharField(_("asal"), max_length=8, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    issued_at = models.DateTimeField(_("diambil pada"))
    called_at = models.DateTimeField(_("dipanggil pada"), null=True, blank=True)
    started_at = models.DateTimeField(_("mulai dilayani"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    wait_seconds = models.PositiveIntegerField(null=True, blank=True)
    serve_seconds = models.PositiveIntegerField(null=True, blank=True)
    # Measured against the service's standard in force when the ticket moved.
    wait_met = models.BooleanField(null=True, blank=True)
    serve_met = models.BooleanField(null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tiket antrean")
        verbose_name_plural = _("tiket antrean")
        ordering = ["day", "counter", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["counter", "day", "sequence"], name="onestop_ticket_sequence"
            ),
        ]
        indexes = [
            models.Index(fields=["counter", "day", "status", "sequence"], name="onestop_ticket_q"),
            models.Index(fields=["area", "called_at"], name="onestop_ticket_called"),
            models.Index(fields=["area", "finished_at"], name="onestop_ticket_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.day}"

    def get_absolute_url(self) -> str:
        return reverse("onestop:ticket", args=[self.code])
