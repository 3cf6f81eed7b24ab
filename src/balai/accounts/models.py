"""Users, role assignments bound to an area, and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts.roles import Office, Role
from balai.core.models import BaseModel


class Language(models.TextChoices):
    """Languages a user may choose for the screens (Indonesian unless chosen)."""

    INDONESIAN = "id", "Bahasa Indonesia"
    ENGLISH = "en", "English"


class User(AbstractUser):
    """A person who logs in: staff of a village, kecamatan or kabupaten, or a resident."""

    language = models.CharField(
        _("bahasa tampilan"),
        max_length=8,
        choices=Language.choices,
        default=Language.INDONESIAN,
    )
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    active_role = models.ForeignKey(
        "accounts.RoleAssignment",
        verbose_name=_("peran aktif"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(BaseModel):
    """A role a user holds in one area of the tree (an RT, a village, a kabupaten…)."""

    user = models.ForeignKey(
        User, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("peran"), max_length=24, choices=Role.choices)
    area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    office = models.CharField(_("kantor"), max_length=16, choices=Office.choices, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("peran pengguna")
        verbose_name_plural = _("peran pengguna")
        ordering = ["user_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "area", "office"], name="role_unique_per_user_area"
            ),
            models.CheckConstraint(
                condition=Q(area__isnull=False) | Q(role=Role.SYSTEM_ADMIN),
                name="role_needs_area_unless_admin",
            ),
            models.CheckConstraint(
                condition=(Q(role=Role.KABUPATEN_STAFF) & ~Q(office=""))
                | (~Q(role=Role.KABUPATEN_STAFF) & Q(office="")),
                name="role_office_only_for_kabupaten_staff",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_role_display()
        if self.office:
            label = f"{label} {self.get_office_display()}"
        national = _("Nasional")
        return f"{label} — {self.area.name}" if self.area else f"{label} — {national}"

    @property
    def scope_code(self) -> str | None:
        """The area code this role covers, or None for the whole country."""
        return self.area_id


class ApiToken(BaseModel):
    """A revocable bearer token acting as one of its user's roles.

    Only a SHA-256 of the key is stored: the key is 256 random bits, so a
    slow hash (needed for guessable secrets like passwords) adds nothing but
    latency to every API call.
    """

    user = models.ForeignKey(
        User, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    role = models.ForeignKey(
        RoleAssignment, verbose_name=_("peran"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("nama"), max_length=80)
    prefix = models.CharField(_("awalan"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
