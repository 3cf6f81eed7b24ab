"""The letter types Balai ships: rules, per-type form fields and default bodies.

Bodies use the letter markup (``markup.py``): blank lines between
paragraphs, ``**tebal**``, ``*miring*``, ``- butir``, ``1. butir``,
``| Label | isi`` rows, ``# judul tengah`` and ``[placeholder]`` tokens.
Classification codes follow Permendagri 83/2022 as seen in village apps
(domain.md §9.2); a village may change them per type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ALIVE = "hidup"
DEAD = "mati"


@dataclass(frozen=True)
class FormField:
    """One input a letter type asks for beyond the registry's data."""

    name: str
    label: str | Promise
    kind: str = "text"  # text, textarea, number, date, choice, resident, residents
    required: bool = True
    choices: tuple[str, ...] = ()
    subject_status: str = ALIVE  # for resident pickers
    min_count: int = 0  # for "residents"
    max_count: int = 20

    @property
    def is_person(self) -> bool:
        return self.kind in ("resident", "residents")


@dataclass(frozen=True)
class LetterType:
    """A kind of letter: who it may be about, what it asks, how it reads."""

    code: str
    name: str | Promise
    classification: str
    body: str
    fields: tuple[FormField, ...] = ()
    subject_status: str = ALIVE
    head_of_family_only: bool = False
    countersign: bool = False
    validity_days: int | None = 30
    requirements: tuple[str, ...] = ("Surat pengantar RT/RW", "Fotokopi KTP", "Fotokopi KK")
    service_days: int = 1
    asks_purpose: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.name).upper()


INTRO = (
    "Yang bertanda tangan di bawah ini, [Jabatan_ttd] [Nama_desa], Kecamatan "
    "[Nama_kecamatan], [Nama_kabupaten], menerangkan dengan sebenarnya bahwa:"
)
CLOSING = "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya."
VALIDITY = "Surat keterangan ini berlaku sampai dengan tanggal [Berlaku_sampai]."


def _body(*paragraphs: str, validity: bool = True) -> str:
    parts = [INTRO, "[data_diri]", *paragraphs]
    if validity:
        parts.append(VALIDITY)
    parts.append(CLOSING)
    return "\n\n".join(parts)


PURPOSE = "Surat keterangan ini diberikan untuk keperluan **[Keperluan]**."

TYPES: tuple[LetterType, ...] = (
    LetterType(
        code="domisili",
        name=_("Surat Keterangan Domisili"),
        classification="400.12.2.1",
        body=_body(
            "adalah benar penduduk yang bertempat tinggal (berdomisili) di [Alamat], "
            "[Nama_desa], Kecamatan [Nama_kecamatan].",
            PURPOSE,
        ),
    ),
    LetterType(
        code="usaha",
        name=_("Surat Keterangan Usaha"),
        classification="500.2.2.4",
        body=_body(
            "adalah benar menjalankan usaha **[Form_nama_usaha]** ([Form_jenis_usaha]) "
            "yang beralamat di [Form_alamat_usaha] sejak tahun [form_mulai_tahun].",
            PURPOSE,
        ),
        fields=(
            FormField("nama_usaha", _("Nama usaha")),
            FormField("jenis_usaha", _("Jenis usaha")),
            FormField("alamat_usaha", _("Alamat usaha")),
            FormField("mulai_tahun", _("Mulai usaha (tahun)"), kind="number"),
        ),
    ),
    LetterType(
        code="sktm",
        name=_("Surat Keterangan Tidak Mampu"),
        classification="400.3.3.2",
        body=_body(
            "adalah benar kepala keluarga dengan Nomor KK [no_kk] yang tergolong keluarga "
            "tidak mampu (kurang mampu) di [Nama_desa].",
            PURPOSE,
        ),
        head_of_family_only=True,
        requirements=("Surat pengantar RT/RW", "Fotokopi KTP", "Fotokopi KK"),
    ),
    LetterType(
        code="kelahiran",
        name=_("Surat Keterangan Kelahiran"),
        classification="400.12.3.1",
        body=(
            INTRO + "\n\nTelah lahir seorang anak:\n\n[data_diri]\n\n"
            "pada hari [Form_hari_lahir] di [Form_tempat_persalinan], dari seorang ibu:\n\n"
            "| Nama | [Ibu_nama]\n| NIK | [ibu_nik]\n| Tempat, tanggal lahir | [Ibu_ttl]\n\n"
            "Surat keterangan ini dibuat atas laporan [Pelapor_nama] selaku "
            "[form_hubungan_pelapor] anak tersebut.\n\n" + CLOSING
        ),
        fields=(
            FormField("ibu", _("Ibu"), kind="resident"),
            FormField("pelapor", _("Pelapor"), kind="resident"),
            FormField("hubungan_pelapor", _("Hubungan pelapor dengan anak")),
            FormField(
                "hari_lahir",
                _("Hari lahir"),
                kind="choice",
                choices=("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
            ),
            FormField("tempat_persalinan", _("Tempat persalinan")),
        ),
        validity_days=None,
        asks_purpose=False,
        requirements=("Surat keterangan lahir dari bidan/rumah sakit", "Fotokopi KK", "Buku nikah"),
    ),
    LetterType(
        code="kematian",
        name=_("Surat Keterangan Kematian"),
        classification="400.12.3.1",
        body=(
            INTRO + "\n\n[data_diri]\n\n"
            "telah meninggal dunia pada tanggal [Form_tanggal_meninggal] di "
            "[Form_tempat_meninggal] karena [form_sebab].\n\n"
            "Surat keterangan ini dibuat atas laporan [Pelapor_nama] (NIK [pelapor_nik]).\n\n"
            + CLOSING
        ),
        fields=(
            FormField("tanggal_meninggal", _("Tanggal meninggal"), kind="date"),
            FormField("tempat_meninggal", _("Tempat meninggal")),
            FormField("sebab", _("Sebab kematian")),
            FormField("pelapor", _("Pelapor"), kind="resident"),
        ),
        subject_status=DEAD,
        validity_days=None,
        asks_purpose=False,
        requirements=("Surat keterangan kematian dari dokter/puskesmas", "KTP dan KK almarhum"),
    ),
    LetterType(
        code="pindah",
        name=_("Surat Keterangan Pindah"),
        classification="400.12.2.2",
        body=_body(
            "akan pindah dari [Nama_desa] ke alamat tujuan [Form_alamat_tujuan] dengan alasan "
            "[form_alasan], mulai tanggal [Form_tanggal_pindah], bersama [form_jumlah_pengikut] "
            "orang pengikut.",
        ),
        fields=(
            FormField("alamat_tujuan", _("Alamat tujuan lengkap"), kind="textarea"),
            FormField(
                "alasan",
                _("Alasan pindah"),
                kind="choice",
                choices=("pekerjaan", "pendidikan", "keamanan", "kesehatan", "keluarga", "lainnya"),
            ),
            FormField("tanggal_pindah", _("Tanggal pindah"), kind="date"),
            FormField("jumlah_pengikut", _("Jumlah pengikut"), kind="number"),
        ),
        asks_purpose=False,
    ),
    LetterType(
        code="pengantar_ktp",
        name=_("Surat Pengantar KTP-el"),
        classification="400.12.2.1",
        body=_body(
            "adalah benar penduduk [Nama_desa] dan bermaksud mengurus **[Form_permohonan]** "
            "KTP-el di Dinas Kependudukan dan Pencatatan Sipil.",
        ),
        fields=(
            FormField(
                "permohonan",
                _("Jenis permohonan"),
                kind="choice",
                choices=("baru", "perubahan data", "penggantian karena hilang/rusak"),
            ),
        ),
        asks_purpose=False,
    ),
    LetterType(
        code="pengantar_kk",
        name=_("Surat Pengantar Kartu Keluarga"),
        classification="400.12.2.1",
        body=_body(
            "adalah benar penduduk [Nama_desa] dan bermaksud mengurus Kartu Keluarga "
            "(**[Form_permohonan]**) di Dinas Kependudukan dan Pencatatan Sipil.",
        ),
        fields=(
            FormField(
                "permohonan",
                _("Jenis permohonan"),
                kind="choice",
                choices=("KK baru", "perubahan data", "pisah KK", "penggantian karena hilang"),
            ),
        ),
        asks_purpose=False,
    ),
    LetterType(
        code="pengantar_skck",
        name=_("Surat Pengantar SKCK"),
        classification="100.2.2.5",
        body=_body(
            "adalah benar penduduk [Nama_desa] yang sepanjang pengetahuan kami berkelakuan "
            "baik dan tidak pernah terlibat perkara pidana. Surat pengantar ini diberikan "
            "untuk mengurus Surat Keterangan Catatan Kepolisian (SKCK) guna keperluan "
            "**[Keperluan]**.",
        ),
        requirements=("Surat pengantar RT/RW", "Fotokopi KTP", "Fotokopi KK", "Pas foto 4x6"),
    ),
    LetterType(
        code="belum_menikah",
        name=_("Surat Keterangan Belum Menikah"),
        classification="400.12.3.2",
        body=_body(
            "sepanjang pengetahuan kami dan menurut data kependudukan [Nama_desa], orang "
            "tersebut **belum pernah menikah** (status perkawinan: [Status_perkawinan]).",
            PURPOSE,
        ),
    ),
    LetterType(
        code="ahli_waris",
        name=_("Surat Keterangan Ahli Waris"),
        classification="400.12.3.1",
        body=(
            "Kami yang bertanda tangan di bawah ini menerangkan bahwa almarhum/almarhumah:"
            "\n\n[data_diri]\n\n"
            "telah meninggal dunia pada tanggal [Form_tanggal_meninggal], dan meninggalkan "
            "ahli waris sebagai berikut:\n\n[daftar_ahli_waris]\n\n"
            "Keterangan ini dibuat oleh para ahli waris dengan disaksikan oleh:\n\n"
            "1. [Saksi1_nama], NIK [saksi1_nik]\n2. [Saksi2_nama], NIK [saksi2_nik]\n\n"
            "Para ahli waris bertanggung jawab penuh atas kebenaran keterangan ini.\n\n" + CLOSING
        ),
        fields=(
            FormField("tanggal_meninggal", _("Tanggal meninggal"), kind="date"),
            FormField("ahli_waris", _("Ahli waris"), kind="residents", min_count=1, max_count=20),
            FormField("saksi1", _("Saksi pertama"), kind="resident"),
            FormField("saksi2", _("Saksi kedua"), kind="resident"),
        ),
        subject_status=DEAD,
        countersign=True,
        validity_days=None,
        asks_purpose=False,
        service_days=5,
        requirements=(
            "Surat keterangan kematian",
            "Fotokopi KTP dan KK para ahli waris",
            "KTP dua orang saksi",
            "Surat pernyataan ahli waris bermeterai",
        ),
    ),
    LetterType(
        code="penghasilan_ortu",
        name=_("Surat Keterangan Penghasilan Orang Tua"),
        classification="400.3.3.2",
        body=_body(
            "adalah orang tua dari [Anak_nama] (NIK [anak_nik]), siswa/mahasiswa "
            "[Form_sekolah], dengan penghasilan rata-rata per bulan sebesar "
            "Rp[form_penghasilan].",
            PURPOSE,
        ),
        fields=(
            FormField("anak", _("Anak"), kind="resident"),
            FormField("sekolah", _("Sekolah/perguruan tinggi")),
            FormField("penghasilan", _("Penghasilan per bulan (Rp)"), kind="number"),
        ),
    ),
    LetterType(
        code="kehilangan",
        name=_("Surat Pengantar Laporan Kehilangan"),
        classification="300",
        body=_body(
            "telah melaporkan kehilangan **[Form_barang]** pada tanggal [Form_tanggal_hilang] "
            "di [form_tempat_hilang]. Surat pengantar ini diberikan untuk melapor ke "
            "kepolisian setempat.",
        ),
        fields=(
            FormField("barang", _("Barang/dokumen yang hilang")),
            FormField("tanggal_hilang", _("Tanggal kehilangan"), kind="date"),
            FormField("tempat_hilang", _("Tempat kehilangan")),
        ),
        asks_purpose=False,
    ),
    LetterType(
        code="beda_identitas",
        name=_("Surat Keterangan Beda Identitas"),
        classification="400.12.2.1",
        body=_body(
            "adalah benar satu orang yang sama dengan yang tertulis pada **[Form_dokumen]** "
            "dengan data **[form_data_berbeda]**. Perbedaan tersebut terjadi karena "
            "kesalahan penulisan.",
            PURPOSE,
        ),
        fields=(
            FormField("dokumen", _("Dokumen yang berbeda (mis. ijazah)")),
            FormField("data_berbeda", _("Data yang tertulis pada dokumen itu"), kind="textarea"),
        ),
    ),
    LetterType(
        code="izin_keramaian",
        name=_("Surat Pengantar Izin Keramaian"),
        classification="300",
        body=_body(
            "akan menyelenggarakan **[Form_acara]** pada tanggal [Form_tanggal_acara] di "
            "[form_tempat_acara] dengan hiburan [form_hiburan] dan perkiraan [form_jumlah_tamu] "
            "orang tamu. Surat pengantar ini diberikan untuk mengurus izin keramaian di "
            "kepolisian.",
        ),
        fields=(
            FormField("acara", _("Nama acara")),
            FormField("tanggal_acara", _("Tanggal acara"), kind="date"),
            FormField("tempat_acara", _("Tempat acara")),
            FormField("hiburan", _("Hiburan"), required=False),
            FormField("jumlah_tamu", _("Perkiraan jumlah tamu"), kind="number"),
        ),
        asks_purpose=False,
        validity_days=14,
    ),
)

TYPES_BY_CODE: dict[str, LetterType] = {t.code: t for t in TYPES}


def letter_type(code: str) -> LetterType | None:
    """Return the shipped letter type *code*, or None."""
    return TYPES_BY_CODE.get(code)


TYPE_CHOICES = [(t.code, t.name) for t in TYPES]
