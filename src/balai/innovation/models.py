"""The regional innovation inventory and the Indeks Inovasi Daerah (IID).

* ``RuleSet`` and ``IndicatorDef``: the Ministry's method of one assessment
  year as data (divisor, count score, maxima, predicate bands, the 36
  indicators with their bobot and parameters). Later years change numbers,
  not code.
* ``Assessment``: one kabupaten's reporting round of a year (deadline, closed).
* ``Innovation``: owned by a kabupaten office (perangkat daerah), a kecamatan
  or a village; ``Answer``: the parameter chosen for one indicator (SID per
  innovation, SPD per region) with its review; ``Evidence``: its files/links.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from balai.accounts.roles import Office
from balai.core.models import BaseModel


class Aspect(models.TextChoices):
    SPD = "spd", _("Satuan Pemerintahan Daerah (SPD)")
    SID = "sid", _("Satuan Inovasi Daerah (SID)")


class OwnerKind(models.TextChoices):
    OFFICE = "office", _("Perangkat daerah")
    KECAMATAN = "kecamatan", _("Kecamatan")
    VILLAGE = "village", _("Desa/kelurahan")


class Bentuk(models.TextChoices):
    TATA_KELOLA = "tata_kelola", _("Inovasi tata kelola pemerintahan daerah")
    PELAYANAN = "pelayanan", _("Inovasi pelayanan publik")
    LAINNYA = "lainnya", _("Inovasi daerah lainnya sesuai urusan")


class Jenis(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    NON_DIGITAL = "non_digital", _("Non-digital")


class Inisiator(models.TextChoices):
    KEPALA_DAERAH = "kepala_daerah", _("Kepala daerah")
    DPRD = "dprd", _("Anggota DPRD")
    PERANGKAT_DAERAH = "perangkat_daerah", _("Perangkat daerah")
    ASN = "asn", _("ASN")
    MASYARAKAT = "masyarakat", _("Anggota masyarakat")


class Tahapan(models.TextChoices):
    INISIATIF = "inisiatif", _("Inisiatif")
    UJI_COBA = "uji_coba", _("Uji coba")
    PENERAPAN = "penerapan", _("Penerapan")


class Urusan(models.TextChoices):
    """Urusan pemerintahan (UU 23/2014); the first six are the wajib pelayanan dasar."""

    PENDIDIKAN = "pendidikan", _("Pendidikan")
    KESEHATAN = "kesehatan", _("Kesehatan")
    PUPR = "pupr", _("Pekerjaan umum dan penataan ruang")
    PERUMAHAN = "perumahan", _("Perumahan rakyat dan kawasan permukiman")
    TRANTIBUM = "trantibum", _("Ketenteraman, ketertiban umum dan pelindungan masyarakat")
    SOSIAL = "sosial", _("Sosial")
    TENAGA_KERJA = "tenaga_kerja", _("Tenaga kerja")
    PEMBERDAYAAN_PEREMPUAN = "pppa", _("Pemberdayaan perempuan dan pelindungan anak")
    PANGAN = "pangan", _("Pangan")
    PERTANAHAN = "pertanahan", _("Pertanahan")
    LINGKUNGAN_HIDUP = "lingkungan_hidup", _("Lingkungan hidup")
    ADMINDUK = "adminduk", _("Administrasi kependudukan dan pencatatan sipil")
    PEMBERDAYAAN_DESA = "pmd", _("Pemberdayaan masyarakat dan desa")
    KB = "kb", _("Pengendalian penduduk dan keluarga berencana")
    PERHUBUNGAN = "perhubungan", _("Perhubungan")
    KOMINFO = "kominfo", _("Komunikasi dan informatika")
    KOPERASI_UKM = "koperasi_ukm", _("Koperasi, usaha kecil dan menengah")
    PENANAMAN_MODAL = "penanaman_modal", _("Penanaman modal")
    PEMUDA_OLAHRAGA = "pemuda_olahraga", _("Kepemudaan dan olahraga")
    STATISTIK = "statistik", _("Statistik")
    PERSANDIAN = "persandian", _("Persandian")
    KEBUDAYAAN = "kebudayaan", _("Kebudayaan")
    PERPUSTAKAAN = "perpustakaan", _("Perpustakaan")
    KEARSIPAN = "kearsipan", _("Kearsipan")
    KELAUTAN_PERIKANAN = "kelautan_perikanan", _("Kelautan dan perikanan")
    PARIWISATA = "pariwisata", _("Pariwisata")
    PERTANIAN = "pertanian", _("Pertanian")
    PERDAGANGAN = "perdagangan", _("Perdagangan")
    PERINDUSTRIAN = "perindustrian", _("Perindustrian")
    PENUNJANG = "penunjang", _("Penunjang urusan pemerintahan (perencanaan, keuangan, dll.)")


BASIC_URUSAN = (
    Urusan.PENDIDIKAN,
    Urusan.KESEHATAN,
    Urusan.PUPR,
    Urusan.PERUMAHAN,
    Urusan.TRANTIBUM,
    Urusan.SOSIAL,
)


class InnovationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan, menunggu verifikasi")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    VERIFIED = "verified", _("Terverifikasi")


class Review(models.TextChoices):
    OPEN = "open", _("Belum diajukan")
    PENDING = "pending", _("Menunggu verifikasi")
    ACCEPTED = "accepted", _("Diterima")
    REJECTED = "rejected", _("Ditolak")


class RuleSet(BaseModel):
    """The scoring method of one assessment year (domain.md §7.2), as data."""

    year = models.PositiveSmallIntegerField(_("tahun penilaian"), unique=True)
    name = models.CharField(_("nama"), max_length=200)
    source = models.CharField(_("dasar (surat/pedoman)"), max_length=300)
    divisor_min = models.PositiveSmallIntegerField(_("pembagi paling kecil (MAX(x, n))"))
    count_weight = models.DecimalField(
        _("skor per inovasi (jumlah inovasi)"), max_digits=6, decimal_places=3
    )
    count_cap = models.PositiveIntegerField(_("batas inovasi yang dihitung"))
    min_basic_urusan = models.PositiveSmallIntegerField(
        _("urusan wajib pelayanan dasar minimal (0 = tanpa syarat)"), default=0
    )
    spd_max = models.DecimalField(_("skor SPD maksimum"), max_digits=7, decimal_places=2)
    sid_max = models.DecimalField(
        _("skor SID per inovasi maksimum"), max_digits=7, decimal_places=2
    )
    count_max = models.DecimalField(
        _("skor jumlah inovasi maksimum"), max_digits=7, decimal_places=2
    )
    total_max = models.DecimalField(_("skor total maksimum"), max_digits=7, decimal_places=2)
    # [[lowest IID of the band, "label"], ...] highest band first; below the
    # last band (IID 0) the region is "Tidak Dapat Dinilai".
    bands = models.JSONField(_("predikat"))
    below_bands = models.CharField(
        _("predikat di bawah semua batas"), max_length=60, default="Tidak Dapat Dinilai"
    )

    class Meta:
        verbose_name = _("metode penilaian IID")
        verbose_name_plural = _("metode penilaian IID")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.name}"


class IndicatorDef(models.Model):
    """One scoring row of a rule set: score = parameter (1-3) x bobot."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="indicators")
    aspect = models.CharField(_("aspek"), max_length=3, choices=Aspect.choices)
    number = models.PositiveSmallIntegerField(_("nomor"))
    sub = models.CharField(_("sub"), max_length=2, blank=True)
    variable = models.CharField(_("variabel"), max_length=80)
    name = models.CharField(_("indikator"), max_length=200)
    weight = models.DecimalField(_("bobot"), max_digits=5, decimal_places=2)
    mandatory = models.BooleanField(_("wajib"), default=False)
    param1 = models.CharField(_("parameter 1"), max_length=200)
    param2 = models.CharField(_("parameter 2"), max_length=200)
    param3 = models.CharField(_("parameter 3"), max_length=200)
    evidence_hint = models.CharField(_("bukti dukung"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("indikator IID")
        verbose_name_plural = _("indikator IID")
        ordering = ["rule_set", "number", "sub"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "number", "sub"], name="innovation_indicator_once"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="innovation_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}{self.sub}. {self.name}"

    @property
    def label(self) -> str:
        return f"{self.number}{self.sub}"

    def parameters(self) -> list[tuple[int, str]]:
        return [(1, self.param1), (2, self.param2), (3, self.param3)]


class Assessment(BaseModel):
    """One kabupaten's reporting round for the IID of a year."""

    kabupaten = models.ForeignKey(
        "regions.Area", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="+"
    )
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("metode"), on_delete=models.PROTECT, related_name="assessments"
    )
    deadline = models.DateField(_("batas pengajuan"))
    closed_at = models.DateTimeField(_("verifikasi ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("penilaian IID")
        verbose_name_plural = _("penilaian IID")
        ordering = ["-rule_set__year"]
        constraints = [
            models.UniqueConstraint(fields=["kabupaten", "rule_set"], name="assessment_once_a_year")
        ]

    def __str__(self) -> str:
        return f"IID {self.rule_set.year} {self.kabupaten_id}"

    @property
    def year(self) -> int:
        return self.rule_set.year

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Innovation(BaseModel):
    """A regional innovation owned by an office, a kecamatan or a village."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("penilaian"),
        on_delete=models.PROTECT,
        related_name="innovations",
    )
    owner_kind = models.CharField(_("pemilik"), max_length=10, choices=OwnerKind.choices)
    # The owner's area: the kabupaten for an office, else the kecamatan or village.
    area = models.ForeignKey(
        "regions.Area",
        verbose_name=_("wilayah pemilik"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    office = models.CharField(
        _("perangkat daerah"), max_length=20, choices=Office.choices, blank=True
    )
    name = models.CharField(_("nama inovasi"), max_length=200)
    bentuk = models.CharField(_("bentuk"), max_length=12, choices=Bentuk.choices)
    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices)
    inisiator = models.CharField(_("inisiator"), max_length=20, choices=Inisiator.choices)
    urusan = models.CharField(_("urusan"), max_length=24, choices=Urusan.choices)
    tahapan = models.CharField(_("tahapan"), max_length=10, choices=Tahapan.choices)
    started_on = models.DateField(_("tanggal inisiatif"), null=True, blank=True)
    trial_on = models.DateField(_("tanggal uji coba"), null=True, blank=True)
    applied_on = models.DateField(_("tanggal penerapan"), null=True, blank=True)
    budget = models.DecimalField(
        _("anggaran (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    aims = models.TextField(_("tujuan"), blank=True)
    benefits = models.TextField(_("manfaat"), blank=True)
    partners = models.TextField(_("mitra"), blank=True)
    replication = models.TextField(_("replikasi"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InnovationStatus.choices, default=InnovationStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)

    class Meta:
        verbose_name = _("inovasi daerah")
        verbose_name_plural = _("inovasi daerah")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_kind="office") & ~Q(office=""))
                | (~Q(owner_kind="office") & Q(office="")),
                name="innovation_office_iff_office_owner",
            ),
        ]
        indexes = [models.Index(fields=["assessment", "area"], name="innovation_round_area")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("innovation:detail", args=[self.pk])

    @property
    def owner_label(self) -> str:
        if self.owner_kind == OwnerKind.OFFICE:
            return str(self.get_office_display())
        return str(self.area)


class Answer(BaseModel):
    """The parameter chosen for one indicator and its review.

    SID answers belong to an innovation; SPD answers (``innovation`` empty)
    to the assessment (the region).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    innovation = models.ForeignKey(
        Innovation, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    indicator = models.ForeignKey(IndicatorDef, on_delete=models.PROTECT, related_name="+")
    parameter = models.PositiveSmallIntegerField(_("parameter"), null=True, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    review = models.CharField(
        _("verifikasi"), max_length=10, choices=Review.choices, default=Review.OPEN
    )
    review_note = models.TextField(_("catatan verifikator"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)

    class Meta:
        verbose_name = _("isian indikator")
        verbose_name_plural = _("isian indikator")
        ordering = ["indicator__number", "indicator__sub"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "indicator"],
                condition=Q(innovation__isnull=False),
                name="answer_once_per_innovation",
            ),
            models.UniqueConstraint(
                fields=["assessment", "indicator"],
                condition=Q(innovation__isnull=True),
                name="answer_once_per_region",
            ),
            models.CheckConstraint(
                condition=Q(parameter__isnull=True) | Q(parameter__gte=1, parameter__lte=3),
                name="answer_parameter_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.label}: {self.parameter or '-'}"


class Evidence(models.Model):
    """A supporting document (PDF/photo, checked and re-encoded) or a link (video)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to="innovation/%Y/%m/", blank=True)
    url = models.URLField(_("tautan"), max_length=500, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    size = models.PositiveIntegerField(default=0)
    original_name = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="evidence_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.url or self.original_name or str(self.file.name)

    @property
    def is_link(self) -> bool:
        return bool(self.url)


class WorkbookStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang disusun")
    DONE = "done", _("Siap diunduh")
    FAILED = "failed", _("Gagal")
    EXPIRED = "expired", _("Kedaluwarsa (berkas sudah dihapus)")


class WorkbookExport(BaseModel):
    """The national portal's workbook of a round, built by the task worker.

    ``done``/``total`` count the innovations written so far (the page's progress);
    the file is kept ``workbooks.KEEP`` after it is built, then the sweep deletes it.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="workbooks", verbose_name=_("penilaian")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where evidence links in the workbook point (the site as the requester reached it).
    base_url = models.CharField(max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=WorkbookStatus.choices, default=WorkbookStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("inovasi ditulis"), default=0)
    total = models.PositiveIntegerField(_("jumlah inovasi"), default=0)
    file = models.FileField(_("berkas"), upload_to="innovation/ekspor/%Y/%m/", blank=True)
    size = models.PositiveIntegerField(_("ukuran (byte)"), default=0)
    error = models.TextField(_("galat"), blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("buku kerja IID")
        verbose_name_plural = _("buku kerja IID")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"IID {self.assessment_id} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("innovation:workbook", args=[self.assessment_id, self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (WorkbookStatus.QUEUED, WorkbookStatus.RUNNING)

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0
