"""Abstract models every domain app builds on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """A row that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class HolidayKind(models.TextChoices):
    NATIONAL = "libur_nasional", _("Libur nasional")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LOCAL = "libur_daerah", _("Libur daerah")


class Holiday(BaseModel):
    """A day offices in an area are closed (or, with ``closed=False``, open after all).

    The national list ships as data (``core/data/holidays_id.csv``); rows here
    add local holidays for a kabupaten or village, add national ones for years
    the file does not cover, or reopen a day the file closes.
    """

    day = models.DateField(_("tanggal"))
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=16, choices=HolidayKind.choices)
    area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("berlaku di wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosong: seluruh Indonesia."),
    )
    closed = models.BooleanField(_("kantor tutup"), default=True)
    source = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("daftar hari libur")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["day", "area"], name="holiday_once_per_area"),
            models.UniqueConstraint(
                fields=["day"], condition=models.Q(area__isnull=True), name="holiday_once_national"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d-%m-%Y} {self.name}"


class WorkerHeartbeat(models.Model):
    """The last sign of life of one task worker process (``balai worker``).

    ``/readyz`` reports the age of the newest one, so a monitor can tell a
    stopped worker from an empty queue.
    """

    worker_id = models.CharField(_("id pekerja"), max_length=64, primary_key=True)
    host = models.CharField(_("mesin"), max_length=255)
    pid = models.PositiveIntegerField(_("PID"))
    started_at = models.DateTimeField(_("mulai"))
    seen_at = models.DateTimeField(_("terakhir terlihat"), db_index=True)

    class Meta:
        verbose_name = _("detak pekerja")
        verbose_name_plural = _("detak pekerja")

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.host}"
