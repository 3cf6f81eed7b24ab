"""Residents, families (Kartu Keluarga), households and life events.

A resident's status, family and address are projections of their life
events: services change them only together with an event, and events are
never edited or deleted, so history is kept. Every event carries three
dates (event, report, entry) so reports can count by any of them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.registry import codes


class Family(BaseModel):
    """A family as on its Kartu Keluarga (No. KK)."""

    no_kk = models.CharField(_("No. KK"), max_length=16, unique=True)
    kk_is_temporary = models.BooleanField(_("No. KK sementara"), default=False)
    area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # family_area serves equality and the subtree prefix
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("keluarga")
        verbose_name_plural = _("daftar keluarga")
        indexes = [
            # One index for ``area = code`` and ``area LIKE 'code.%'`` (the
            # ``within`` lookup); PostgreSQL only honours the operator class.
            models.Index(fields=["area"], name="family_area", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.no_kk

    def get_absolute_url(self) -> str:
        return reverse("registry:family_detail", args=[self.pk])


class Household(BaseModel):
    """A rumah tangga: people who share a dwelling and its costs (not the KK)."""

    number = models.CharField(_("nomor rumah tangga"), max_length=30)
    area = models.ForeignKey(
        "regions.Area", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rumah tangga")
        verbose_name_plural = _("daftar rumah tangga")
        constraints = [
            models.UniqueConstraint(fields=["area", "number"], name="household_number_per_area")
        ]

    def __str__(self) -> str:
        return self.number


class Resident(BaseModel):
    """A person in a village's population register."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    nik_is_temporary = models.BooleanField(_("NIK sementara"), default=False)
    name = models.CharField(_("nama"), max_length=100)
    sex = models.PositiveSmallIntegerField(_("jenis kelamin"), choices=codes.Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    religion = models.PositiveSmallIntegerField(
        _("agama"), choices=codes.Religion.choices, null=True, blank=True
    )
    education_kk = models.PositiveSmallIntegerField(
        _("pendidikan dalam KK"), choices=codes.EducationKK.choices, null=True, blank=True
    )
    education_current = models.PositiveSmallIntegerField(
        _("pendidikan sedang ditempuh"),
        choices=codes.EducationCurrent.choices,
        null=True,
        blank=True,
    )
    occupation = models.PositiveSmallIntegerField(
        _("pekerjaan"), choices=codes.OCCUPATION_CHOICES, null=True, blank=True
    )
    marital_status = models.PositiveSmallIntegerField(
        _("status perkawinan"), choices=codes.MaritalStatus.choices, null=True, blank=True
    )
    family_relation = models.PositiveSmallIntegerField(
        _("hubungan dalam keluarga"),
        choices=codes.FamilyRelation.choices,
        null=True,
        blank=True,
    )
    citizenship = models.PositiveSmallIntegerField(
        _("kewarganegaraan"), choices=codes.Citizenship.choices, default=codes.Citizenship.WNI
    )
    blood_type = models.PositiveSmallIntegerField(
        _("golongan darah"), choices=codes.BloodType.choices, null=True, blank=True
    )
    disability = models.PositiveSmallIntegerField(
        _("disabilitas"), choices=codes.Disability.choices, null=True, blank=True
    )
    chronic_illness = models.PositiveSmallIntegerField(
        _("sakit menahun"), choices=codes.ChronicIllness.choices, null=True, blank=True
    )
    contraception = models.PositiveSmallIntegerField(
        _("akseptor KB"), choices=codes.Contraception.choices, null=True, blank=True
    )
    pregnant = models.BooleanField(_("sedang hamil"), default=False)
    father_nik = models.CharField(_("NIK ayah"), max_length=16, blank=True)
    father_name = models.CharField(_("nama ayah"), max_length=100, blank=True)
    mother_nik = models.CharField(_("NIK ibu"), max_length=16, blank=True)
    mother_name = models.CharField(_("nama ibu"), max_length=100, blank=True)
    birth_cert_no = models.CharField(_("no. akta kelahiran"), max_length=50, blank=True)
    passport_no = models.CharField(_("no. paspor"), max_length=50, blank=True)
    passport_expiry = models.DateField(_("paspor berlaku sampai"), null=True, blank=True)
    kitas_no = models.CharField(_("no. KITAS/KITAP"), max_length=50, blank=True)
    marriage_cert_no = models.CharField(_("no. akta perkawinan"), max_length=50, blank=True)
    marriage_date = models.DateField(_("tanggal perkawinan"), null=True, blank=True)
    divorce_cert_no = models.CharField(_("no. akta perceraian"), max_length=50, blank=True)
    divorce_date = models.DateField(_("tanggal perceraian"), null=True, blank=True)
    ektp = models.PositiveSmallIntegerField(
        _("KTP-el"), choices=codes.EKtp.choices, null=True, blank=True
    )
    ektp_record = models.PositiveSmallIntegerField(
        _("status rekam KTP-el"), choices=codes.EKtpRecord.choices, null=True, blank=True
    )
    insurance = models.PositiveSmallIntegerField(
        _("asuransi kesehatan"), choices=codes.Insurance.choices, null=True, blank=True
    )
    insurance_no = models.CharField(_("no. asuransi"), max_length=50, blank=True)
    ethnicity = models.CharField(_("suku"), max_length=50, blank=True)
    id_card_tag = models.CharField(_("tag kartu (RFID)"), max_length=17, blank=True)
    current_address = models.CharField(_("alamat sekarang"), max_length=255, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    lat = models.CharField(_("lintang"), max_length=24, blank=True)
    lng = models.CharField(_("bujur"), max_length=24, blank=True)

    # Projections of life events (changed only by services together with an event).
    status = models.PositiveSmallIntegerField(
        _("status dasar"), choices=codes.BasicStatus.choices, default=codes.BasicStatus.ALIVE
    )
    area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # resident_area_status serves it
    )
    family = models.ForeignKey(
        Family,
        verbose_name=_("keluarga"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("rumah tangga"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        db_index=False,  # resident_household: only the residents that have one
    )
    household_relation = models.PositiveSmallIntegerField(
        _("hubungan dalam rumah tangga"),
        choices=codes.HouseholdRelation.choices,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("penduduk")
        verbose_name_plural = _("daftar penduduk")
        # Every index is paid for on each insert (a large import rebuilds the
        # secondary ones after its rows instead: importing/pg_import.py).
        indexes = [
            # ``area = code``, ``area LIKE 'code.%'`` (within) and the status filter.
            models.Index(
                fields=["area", "status"],
                name="resident_area_status",
                opclasses=["varchar_pattern_ops", "int2_ops"],
            ),
            models.Index(fields=["status", "birth_date"], name="resident_status_birth"),
            models.Index(fields=["name"], name="resident_name"),
            models.Index(
                fields=["household"],
                name="resident_household",
                condition=Q(household__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(pregnant=True) | Q(sex=codes.Sex.FEMALE),
                name="resident_only_women_pregnant",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:resident_detail", args=[self.pk])

    @property
    def is_alive(self) -> bool:
        return self.status == codes.BasicStatus.ALIVE

    def age_on(self, day: date) -> int | None:
        """Return the age in whole years on *day* (None without a birth date)."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Pendataan")
    BIRTH = "birth", _("Kelahiran")
    DEATH = "death", _("Kematian")
    MOVE_IN = "move_in", _("Pindah datang")
    MOVE_OUT = "move_out", _("Pindah keluar")
    MISSING = "missing", _("Hilang")
    RETURN = "return", _("Kembali")
    FAMILY_SPLIT = "family_split", _("Pecah KK")
    FAMILY_JOIN = "family_join", _("Gabung KK")
    ADDRESS = "address", _("Pindah alamat dalam desa")
    CHANGE = "change", _("Perubahan data")
    INVALIDATED = "invalidated", _("Dinyatakan tidak valid")
    MERGED = "merged", _("Digabung (data ganda)")


class MoveScope(models.TextChoices):
    VILLAGE = "desa", _("Dalam desa")
    KECAMATAN = "kecamatan", _("Antar desa dalam kecamatan")
    KABUPATEN = "kabupaten", _("Antar kecamatan dalam kabupaten")
    PROVINCE = "provinsi", _("Antar kabupaten dalam provinsi")
    COUNTRY = "nasional", _("Antar provinsi")
    ABROAD = "luar_negeri", _("Ke/dari luar negeri")


# +1 enters the village population, -1 leaves it, 0 changes nothing in counts.
POPULATION_DELTA: dict[str, int] = {
    EventKind.REGISTERED: 1,
    EventKind.BIRTH: 1,
    EventKind.MOVE_IN: 1,
    EventKind.RETURN: 1,
    EventKind.DEATH: -1,
    EventKind.MOVE_OUT: -1,
    EventKind.MISSING: -1,
    EventKind.INVALIDATED: -1,
    EventKind.MERGED: -1,
}


class LifeEvent(models.Model):
    """Something that happened to a resident, with the three dates reports need.

    ``area`` and ``sex`` are copied from the resident when the event is
    recorded, so counts by area and period never depend on later moves.
    """

    resident = models.ForeignKey(
        Resident,
        verbose_name=_("penduduk"),
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,  # event_resident_date serves it
    )
    kind = models.CharField(_("peristiwa"), max_length=16, choices=EventKind.choices)
    event_date = models.DateField(_("tanggal peristiwa"))
    report_date = models.DateField(_("tanggal lapor"))
    entry_date = models.DateField(_("tanggal dicatat"), default=timezone.localdate)
    area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # event_area_event_date serves it
    )
    sex = models.PositiveSmallIntegerField(_("jenis kelamin"), choices=codes.Sex.choices)
    delta = models.SmallIntegerField(_("perubahan jumlah penduduk"), default=0)
    move_scope = models.CharField(
        _("jenis pindah"), max_length=16, choices=MoveScope.choices, blank=True
    )
    place = models.CharField(_("tempat/asal/tujuan"), max_length=255, blank=True)
    # Few events name a family or a user: partial indexes (below) skip the rest.
    family_before = models.ForeignKey(
        Family, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    family_after = models.ForeignKey(
        Family, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("peristiwa kependudukan")
        verbose_name_plural = _("peristiwa kependudukan")
        ordering = ["event_date", "id"]
        indexes = [
            # ``area`` equality and subtree prefix (within), then the date range.
            models.Index(
                fields=["area", "event_date"],
                name="event_area_event_date",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(
                fields=["area", "report_date"],
                name="event_area_report_date",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(fields=["resident", "event_date"], name="event_resident_date"),
            models.Index(
                fields=["family_before"],
                name="event_family_before",
                condition=Q(family_before__isnull=False),
            ),
            models.Index(
                fields=["family_after"],
                name="event_family_after",
                condition=Q(family_after__isnull=False),
            ),
            models.Index(
                fields=["recorded_by"],
                name="event_recorded_by",
                condition=Q(recorded_by__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(report_date__gte=models.F("event_date")),
                name="event_reported_after_it_happened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.event_date:%d-%m-%Y}"

    @property
    def is_late(self) -> bool:
        """Reported in a later month than it happened (a late registration)."""
        return (self.report_date.year, self.report_date.month) != (
            self.event_date.year,
            self.event_date.month,
        )


from balai.registry.duplicates_models import DuplicateDismissal, ResidentMerge  # noqa: E402,F401
from balai.registry.importing.models import ImportJob  # noqa: E402,F401
from balai.registry.stats.models import PopulationSummary  # noqa: E402,F401
