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

from balai.registry.codes import MaritalStatus
from balai.registry.models import MoveScope

ALIVE = "hidup"
DEAD = "mati"

# Perpres 96/2018 and Permendagri 108/2019: no RT/RW cover letter and no
# photocopies of documents whose data the village already holds; the officer
# checks the person against the registry and looks at the original card.
SHOW_ID = "KTP-el atau KK asli diperlihatkan untuk pencocokan data"
BASE_REQUIREMENTS: tuple[str, ...] = (SHOW_ID,)

# The move letter's choice labels and the registry's move scope they stand for.
MOVE_SCOPES: dict[str, str] = {
    "Antar desa dalam kecamatan": MoveScope.KECAMATAN,
    "Antar kecamatan dalam kabupaten": MoveScope.KABUPATEN,
    "Antar kabupaten dalam provinsi": MoveScope.PROVINCE,
    "Antar provinsi": MoveScope.COUNTRY,
    "Ke luar negeri": MoveScope.ABROAD,
}


@dataclass(frozen=True)
class FormField:
    """One input a letter type asks for beyond the registry's data."""

    name: str
    label: str | Promise
    # text, textarea, number, date, choice, resident, residents, heirs (one
    # "NIK; nama; hubungan" per line: people who may live elsewhere)
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    subject_status: str = ALIVE  # for resident pickers
    min_count: int = 0  # for "residents"
    max_count: int = 20
    default: str = ""  # used when the input is left empty

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
    requirements: tuple[str, ...] = BASE_REQUIREMENTS
    service_days: int = 1
    asks_purpose: bool = True
    extra: dict[str, str] = field(default_factory=dict)
    # The subject's marital status must be one of these (empty: any).
    marital_statuses: tuple[int, ...] = ()
    # Whether a village serves it until it decides otherwise. Cover letters
    # for Dukcapil services are not required by Permendagri 108/2019.
    default_active: bool = True
    # Signing this letter records the subject and followers moving out.
    records_move_out: bool = False
    # It may be about a person outside the village register (a non-permanent
    # resident): name, NIK and address are typed in; no resident is created.
    serves_outsiders: bool = False

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
            "adalah benar bertempat tinggal (berdomisili) di [Alamat], [Nama_desa], "
            "Kecamatan [Nama_kecamatan], sebagai **[form_status_tinggal]**.",
            "| Tinggal di alamat ini sejak | [Form_tinggal_sejak]\n"
            "| Alamat asal (penduduk nonpermanen) | [Form_alamat_asaL]\n"
            "| Lama tinggal (penduduk nonpermanen) | [Form_lama_tinggaL]",
            PURPOSE,
        ),
        serves_outsiders=True,
        fields=(
            FormField(
                "status_tinggal",
                _("Status tinggal"),
                kind="choice",
                choices=("penduduk tetap", "penduduk nonpermanen"),
                default="penduduk tetap",
            ),
            FormField(
                "tinggal_sejak", _("Tinggal di alamat ini sejak"), kind="date", required=False
            ),
            FormField("alamat_asal", _("Alamat asal (penduduk nonpermanen)"), required=False),
            FormField(
                "lama_tinggal",
                _("Lama tinggal (penduduk nonpermanen), mis. 6 bulan"),
                required=False,
            ),
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
    ),
    LetterType(
        code="kelahiran",
        name=_("Surat Keterangan Kelahiran"),
        classification="400.12.3.1",
        body=(
            INTRO + "\n\nTelah lahir seorang anak:\n\n[data_diri]\n\n"
            "pada hari [Form_hari_lahir] di [Form_tempat_persalinan], dari seorang ibu:\n\n"
            "| Nama | [Ibu_nama]\n| NIK | [ibu_nik]\n| Tempat, tanggal lahir | [Ibu_ttl]\n\n"
            "dan seorang ayah:\n\n"
            "| Nama | [Ayah_nama]\n| NIK | [ayah_nik]\n| Tempat, tanggal lahir | [Ayah_ttl]\n\n"
            "Bukti kelahiran: [Form_bukti_kelahiraN].\n\n"
            "Surat keterangan ini dibuat atas laporan [Pelapor_nama] selaku "
            "[form_hubungan_pelapor] anak tersebut.\n\n" + CLOSING
        ),
        fields=(
            FormField("ibu", _("Ibu"), kind="resident"),
            FormField("ayah", _("Ayah"), kind="resident", required=False),
            FormField("pelapor", _("Pelapor"), kind="resident"),
            FormField("hubungan_pelapor", _("Hubungan pelapor dengan anak")),
            FormField(
                "hari_lahir",
                _("Hari lahir"),
                kind="choice",
                choices=("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
            ),
            FormField("tempat_persalinan", _("Tempat persalinan")),
            FormField(
                "bukti_kelahiran",
                _("Bukti kelahiran"),
                kind="choice",
                choices=(
                    "surat keterangan lahir dari dokter/bidan/fasilitas kesehatan",
                    "SPTJM kebenaran data kelahiran",
                ),
            ),
        ),
        validity_days=None,
        asks_purpose=False,
        requirements=(
            "Surat keterangan lahir dari dokter/bidan/fasilitas kesehatan, atau SPTJM "
            "kebenaran data kelahiran bila tidak ada",
            "Buku nikah/kutipan akta perkawinan orang tua, atau SPTJM kebenaran sebagai "
            "pasangan suami istri",
        ),
    ),
    LetterType(
        code="kematian",
        name=_("Surat Keterangan Kematian"),
        classification="400.12.3.1",
        body=(
            INTRO + "\n\n[data_diri]\n\n"
            "telah meninggal dunia pada tanggal [Form_tanggal_meninggal] di "
            "[Form_tempat_meninggal] ([form_lokasi_meninggal]) karena [form_sebab].\n\n"
            "Bukti kematian: [Form_bukti_kematiaN].\n\n"
            "Surat keterangan ini dibuat atas laporan [Pelapor_nama] (NIK [pelapor_nik]).\n\n"
            + CLOSING
        ),
        fields=(
            FormField("tanggal_meninggal", _("Tanggal meninggal"), kind="date"),
            FormField("tempat_meninggal", _("Tempat meninggal")),
            FormField(
                "lokasi_meninggal",
                _("Meninggal di"),
                kind="choice",
                choices=("rumah", "fasilitas kesehatan", "tempat lain"),
            ),
            FormField("sebab", _("Sebab kematian")),
            FormField(
                "bukti_kematian",
                _("Bukti kematian"),
                kind="choice",
                choices=(
                    "surat keterangan kematian dari dokter/fasilitas kesehatan",
                    "SPTJM kebenaran data kematian (meninggal di rumah)",
                ),
            ),
            FormField("pelapor", _("Pelapor"), kind="resident"),
        ),
        subject_status=DEAD,
        validity_days=None,
        asks_purpose=False,
        requirements=(
            "Surat keterangan kematian dari dokter/fasilitas kesehatan; bila meninggal di "
            "rumah, SPTJM kebenaran data kematian dari pelapor",
        ),
    ),
    LetterType(
        code="pindah",
        name=_("Surat Keterangan Pindah"),
        classification="400.12.2.2",
        body=_body(
            "akan pindah dari [Nama_desa] ke alamat tujuan [Form_alamat_tujuan] "
            "([form_jenis_pindah]) dengan alasan [form_alasan], mulai tanggal "
            "[Form_tanggal_pindah], bersama [jumlah_pengikut] orang pengikut:",
            "[daftar_pengikut]",
        ),
        fields=(
            FormField("alamat_tujuan", _("Alamat tujuan lengkap"), kind="textarea"),
            FormField(
                "jenis_pindah", _("Jenis kepindahan"), kind="choice", choices=tuple(MOVE_SCOPES)
            ),
            FormField(
                "alasan",
                _("Alasan pindah"),
                kind="choice",
                choices=("pekerjaan", "pendidikan", "keamanan", "kesehatan", "keluarga", "lainnya"),
            ),
            FormField("tanggal_pindah", _("Tanggal pindah"), kind="date"),
            FormField(
                "pengikut",
                _("Pengikut"),
                kind="residents",
                required=False,
                min_count=0,
                max_count=20,
            ),
        ),
        asks_purpose=False,
        records_move_out=True,
        requirements=("KK asli diperlihatkan",),
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
        default_active=False,
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
        default_active=False,
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
        requirements=(SHOW_ID, "Pas foto 4x6"),
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
        marital_statuses=(MaritalStatus.SINGLE,),
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
            FormField("ahli_waris", _("Ahli waris"), kind="heirs", min_count=1, max_count=20),
            FormField("saksi1", _("Saksi pertama"), kind="resident"),
            FormField("saksi2", _("Saksi kedua"), kind="resident"),
        ),
        subject_status=DEAD,
        countersign=True,
        validity_days=None,
        asks_purpose=False,
        service_days=5,
        requirements=(
            "Akta kematian atau surat keterangan kematian",
            "KTP-el para ahli waris diperlihatkan (ahli waris boleh berdomisili di luar desa)",
            "KTP-el dua orang saksi diperlihatkan",
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
        requirements=(SHOW_ID, "Kartu pelajar/mahasiswa atau surat keterangan sekolah"),
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
        requirements=(SHOW_ID, "Dokumen yang datanya berbeda (asli diperlihatkan)"),
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
    LetterType(
        code="pengantar_nikah",
        name=_("Surat Pengantar Perkawinan"),
        classification="400.12.3.2",
        body=(
            INTRO + "\n\n[data_diri]\n\n"
            "| Bin/binti | [Nama_ayah]\n| Status perkawinan | [Status_perkawinan]\n"
            "| Nama istri/suami terdahulu | [Form_pasangan_terdahulU]\n\n"
            "adalah benar penduduk [Nama_desa] yang bermaksud melangsungkan perkawinan "
            "dengan:\n\n"
            "| Nama | [Form_calon_nama]\n| NIK | [form_calon_nik]\n"
            "| Alamat | [Form_calon_alamaT]\n\n"
            "Surat pengantar ini diberikan sebagai syarat pendaftaran kehendak perkawinan "
            "(PMA Nomor 20 Tahun 2019 tentang Pencatatan Pernikahan).\n\n"
            + VALIDITY
            + "\n\n"
            + CLOSING
        ),
        fields=(
            FormField("calon_nama", _("Nama calon pasangan")),
            FormField("calon_nik", _("NIK calon pasangan")),
            FormField("calon_alamat", _("Alamat calon pasangan")),
            FormField(
                "pasangan_terdahulu",
                _("Nama istri/suami terdahulu (bila cerai)"),
                required=False,
            ),
        ),
        marital_statuses=(
            MaritalStatus.SINGLE,
            MaritalStatus.DIVORCED,
            MaritalStatus.WIDOWED,
        ),
        asks_purpose=False,
        validity_days=90,
        requirements=(
            SHOW_ID,
            "Akta cerai atau akta kematian istri/suami terdahulu (bagi janda/duda)",
        ),
    ),
    LetterType(
        code="pengantar",
        name=_("Surat Pengantar"),
        classification="100.2.2.5",
        body=_body(
            "adalah benar penduduk [Nama_desa]. Surat pengantar ini diberikan kepada yang "
            "bersangkutan untuk disampaikan kepada **[Form_tujuan]** guna keperluan "
            "**[Keperluan]**.",
            "Keterangan lain: [Form_keterangaN].",
        ),
        fields=(
            FormField("tujuan", _("Ditujukan kepada (instansi)")),
            FormField("keterangan", _("Keterangan lain"), kind="textarea", required=False),
        ),
    ),
    LetterType(
        code="riwayat_tanah",
        name=_("Surat Keterangan Riwayat Tanah"),
        classification="500.17.2.3",
        body=(
            INTRO + "\n\n[data_diri]\n\n"
            "adalah benar menguasai sebidang tanah dengan keterangan sebagai berikut:\n\n"
            "| Letak tanah | [Form_letaK]\n| Luas | [form_luas] m²\n"
            "| Dasar penguasaan | [Form_dasaR]\n| Batas utara | [Form_batas_utarA]\n"
            "| Batas timur | [Form_batas_timuR]\n| Batas selatan | [Form_batas_selataN]\n"
            "| Batas barat | [Form_batas_baraT]\n\n"
            "Riwayat penguasaan tanah tersebut menurut buku tanah desa dan keterangan "
            "para saksi:\n\n[Form_riwayaT]\n\n"
            "Tanah tersebut sepanjang pengetahuan kami tidak dalam sengketa.\n\n" + CLOSING
        ),
        fields=(
            FormField("letak", _("Letak tanah (dusun/blok/persil)")),
            FormField("luas", _("Luas (m²)"), kind="number"),
            FormField("dasar", _("Dasar penguasaan (mis. Letter C/girik nomor)")),
            FormField("batas_utara", _("Batas utara")),
            FormField("batas_timur", _("Batas timur")),
            FormField("batas_selatan", _("Batas selatan")),
            FormField("batas_barat", _("Batas barat")),
            FormField("riwayat", _("Riwayat penguasaan (tahun dan peralihan)"), kind="textarea"),
        ),
        countersign=True,
        validity_days=None,
        service_days=5,
        requirements=(
            SHOW_ID,
            "Bukti penguasaan tanah (Letter C/girik/akta jual beli) asli diperlihatkan",
            "Bukti pelunasan PBB tahun terakhir",
        ),
    ),
    LetterType(
        code="janda_duda",
        name=_("Surat Keterangan Janda/Duda"),
        classification="400.12.3.2",
        body=_body(
            "adalah benar berstatus **[janda_duda]** ([Status_perkawinan]) sejak "
            "[Form_sejak], dari [Form_pasangan_terdahulU], dan sampai saat ini belum "
            "menikah lagi.",
            PURPOSE,
        ),
        fields=(
            FormField("pasangan_terdahulu", _("Nama istri/suami terdahulu")),
            FormField("sejak", _("Sejak tanggal (cerai/meninggalnya pasangan)"), kind="date"),
        ),
        marital_statuses=(MaritalStatus.DIVORCED, MaritalStatus.WIDOWED),
        requirements=(SHOW_ID, "Akta cerai atau akta kematian istri/suami"),
    ),
)

TYPES_BY_CODE: dict[str, LetterType] = {t.code: t for t in TYPES}


def letter_type(code: str) -> LetterType | None:
    """Return the shipped letter type *code*, or None."""
    return TYPES_BY_CODE.get(code)


TYPE_CHOICES = [(t.code, t.name) for t in TYPES]
