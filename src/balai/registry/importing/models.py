"""An uploaded resident file and what was done with it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    CHECKING = "checking", _("Sedang diperiksa")
    CHECKED = "checked", _("Siap disimpan")
    COMMITTING = "committing", _("Sedang disimpan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
    DISCARDED = "discarded", _("Dibuang")


RUNNING_STATUSES = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.COMMITTING)


class ImportJob(BaseModel):
    """One upload: checked first (dry run), then committed on request."""

    village = models.ForeignKey(
        "regions.Area", verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Emptied when the job ends (done, refused, discarded): no register kept longer.
    file = models.FileField(_("berkas"), upload_to="registry-imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    size = models.PositiveBigIntegerField(_("ukuran (byte)"))
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    report = models.JSONField(_("laporan"), default=dict, blank=True)
    error = models.TextField(_("galat"), blank=True)
    commit_requested = models.BooleanField(_("simpan diminta"), default=False)
    task_id = models.CharField(_("tugas pekerja"), max_length=64, blank=True)

    class Meta:
        app_label = "registry"
        verbose_name = _("impor penduduk")
        verbose_name_plural = _("impor penduduk")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("registry:import_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def can_retry(self) -> bool:
        """A failed job whose file is still stored can run again."""
        return self.status == ImportStatus.FAILED and bool(self.file.name)

    @property
    def can_discard(self) -> bool:
        return self.status in (ImportStatus.CHECKED, ImportStatus.FAILED) and bool(self.file.name)
