"""Village planning: the kegiatan reference list, RPJMDes, RKPDes and the pagu indikatif.

Money is rupiah in ``DecimalField(max_digits=16, decimal_places=2)`` as in
Siskeudes. Every row that belongs to a village stores the village's area
code, so kecamatan and kabupaten lists are prefix queries.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
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
