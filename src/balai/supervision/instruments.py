"""The default binwas instruments a kabupaten starts with (it may edit and add its own)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from balai.supervision.models import AnswerType

YES, NO = "ya", "tidak"

# (code, name, [(text, answer type, choices, evidence, rule, finding if)])
DEFAULTS = (
    (
        "spm-papan",
        _("Papan SPM Desa dan jam layanan"),
        [
            (
                _("Papan informasi standar pelayanan terpasang di kantor desa?"),
                AnswerType.YES_NO,
                "",
                _("Foto papan"),
                _("Permendagri 2/2017 Pasal 11: sarana informasi pelayanan"),
                NO,
            ),
            (
                _("Kantor desa buka pada jam layanan yang diumumkan saat kunjungan?"),
                AnswerType.YES_NO,
                "",
                _("Foto kantor dan jam layanan"),
                _("Permendagri 2/2017: jam pelayanan"),
                NO,
            ),
            (
                _("Jumlah petugas yang melayani saat kunjungan"),
                AnswerType.NUMBER,
                "",
                "",
                _("Pelayanan dijalankan perangkat desa"),
                "0",
            ),
        ],
    ),
    (
        "administrasi",
        _("Buku administrasi desa"),
        [
            (
                _("Buku administrasi umum (peraturan desa, keputusan kepala desa) diisi?"),
                AnswerType.YES_NO,
                "",
                _("Foto halaman terakhir"),
                _("Permendagri 47/2016 tentang Administrasi Pemerintahan Desa"),
                NO,
            ),
            (
                _("Buku induk penduduk mutakhir?"),
                AnswerType.CHOICE,
                "mutakhir|kurang dari 6 bulan|lebih dari 6 bulan",
                "",
                _("Permendagri 47/2016"),
                "lebih dari 6 bulan",
            ),
        ],
    ),
    (
        "apbdes",
        _("Status APBDes"),
        [
            (
                _("APBDes tahun berjalan sudah ditetapkan dengan Perdes?"),
                AnswerType.YES_NO,
                "",
                _("Salinan Perdes APBDes"),
                _("Permendagri 20/2018: penetapan paling lambat 31 Desember"),
                NO,
            ),
            (
                _("APBDes dipublikasikan di papan informasi atau baliho?"),
                AnswerType.YES_NO,
                "",
                _("Foto baliho"),
                _("Permendagri 20/2018 Pasal 40: informasi APBDes kepada masyarakat"),
                NO,
            ),
        ],
    ),
    (
        "pengaduan",
        _("Penanganan pengaduan"),
        [
            (
                _("Ada saluran pengaduan yang diumumkan (kotak, nomor, Balai)?"),
                AnswerType.YES_NO,
                "",
                _("Foto pengumuman"),
                _("Permendagri 2/2017 Pasal 5: pelayanan pengaduan"),
                NO,
            ),
            (
                _("Pengaduan yang melewati batas waktu"),
                AnswerType.NUMBER,
                "",
                "",
                _("Perpres 76/2013: batas penyelesaian"),
                "",
            ),
        ],
    ),
    (
        "posyandu",
        _("Posyandu"),
        [
            (
                _("Posyandu buka bulan ini sesuai jadwal?"),
                AnswerType.YES_NO,
                "",
                _("Foto kegiatan"),
                _("Permendagri 19/2011: posyandu"),
                NO,
            ),
            (
                _("Alat ukur panjang/tinggi badan terstandar tersedia?"),
                AnswerType.YES_NO,
                "",
                _("Foto alat"),
                _("Permenkes 2/2020: antropometri"),
                NO,
            ),
            (_("Catatan kader"), AnswerType.TEXT, "", "", "", ""),
        ],
    ),
)
