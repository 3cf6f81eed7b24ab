"""The 2023 IID method as seed data (domain.md §7.2): 20 SPD rows (indicators 1-15)
and the SID indicators 16-35, with bobot, mandatory mark and parameters 1/2/3.

Only the data migration and the tests read this module; afterwards the
method lives in the database (``RuleSet``/``IndicatorDef``), where a later
year is a copy with its own numbers (``services.ruleset_copy``).
"""

from __future__ import annotations

from typing import Any

YEAR = 2023
METHOD: dict[str, Any] = {
    "year": YEAR,
    "name": "Indeks Inovasi Daerah 2023",
    "source": "Surat Mendagri 400.10.11/2704/SJ (18 Mei 2023); Permendagri 104/2018",
    "divisor_min": 10,
    "count_weight": "0.38",
    "count_cap": 200,
    "min_basic_urusan": 0,
    "spd_max": "63",
    "sid_max": "111",
    "count_max": "76",
    "total_max": "250",
    "bands": [["60.01", "Sangat Inovatif"], ["35.00", "Inovatif"], ["0.01", "Kurang Inovatif"]],
    "below_bands": "Tidak Dapat Dinilai",
}

# (number, sub, variable, name, bobot, mandatory, (parameter 1, 2, 3), evidence)
SPD: list[tuple[int, str, str, str, str, bool, tuple[str, str, str], str]] = [
    (1, "", "Institusi", "Visi dan misi kepala daerah memuat inovasi", "1", True,
     ("Misi memuat inovasi", "Visi memuat inovasi", "Visi dan misi memuat inovasi"), "RPJMD"),
    (2, "a", "Institusi", "Penetapan APBD tepat waktu (3 tahun terakhir)", "1", False,
     ("Tepat waktu 1 tahun", "Tepat waktu 2 tahun", "Tepat waktu 3 tahun"), "Perda APBD"),
    (2, "b", "Institusi", "Pengalokasian belanja wajib (mandatory spending)", "1", False,
     ("2 komponen", "3 komponen", "Lebih dari 3 komponen"), "Perda APBD"),
    (3, "", "Institusi", "Kualitas peningkatan perizinan", "1", True,
     ("≤ -50,32%", "-50,33% s.d. 8,16%", "≥ 8,17%"), "Data perizinan"),
    (4, "", "Institusi", "Peningkatan pendapatan per kapita", "1", True,
     ("≤ 2,04%", "2,05% s.d. 5,23%", "≥ 5,23%"), "Data BPS"),
    (5, "a", "Institusi", "Progres penurunan tingkat pengangguran terbuka", "0.75", True,
     ("≤ 0,00", "0,01 s.d. 0,36", "≥ 0,36"), "Data BPS"),
    (5, "b", "Institusi", "Tingkat pengangguran terbuka (T-1)", "0.75", True,
     ("≥ 5,91", "2,34 s.d. 5,92", "≤ 2,35"), "Data BPS"),
    (6, "", "Institusi", "Peningkatan investasi", "1.5", True,
     ("≤ -47,42%", "-47,43% s.d. 94,75%", "≥ 94,76%"), "Data investasi"),
    (7, "", "Institusi", "Peningkatan PAD", "1.5", True,
     ("≤ -5,14%", "-5,15% s.d. 33,84%", "≥ 33,85%"), "LRA"),
    (8, "", "Institusi", "Opini BPK", "1.5", True,
     ("TMP atau TW", "WDP", "WTP"), "LHP BPK"),
    (9, "", "Institusi", "Nilai LAKIP", "1", True,
     ("D atau C", "B", "A"), "Hasil evaluasi SAKIP"),
    (10, "a", "Institusi", "Progres penurunan angka kemiskinan", "0.75", True,
     ("≤ 0,07", "0,08 s.d. 1,15", "≥ 1,16"), "Data BPS"),
    (10, "b", "Institusi", "Persentase penduduk miskin (T-1)", "0.75", True,
     ("≥ 13,10", "4,81 s.d. 13,11", "≤ 4,82"), "Data BPS"),
    (11, "a", "Sumber Daya Manusia", "Peningkatan IPM dua tahun terakhir", "0.75", True,
     ("≤ 0,55", "0,56 s.d. 0,90", "≥ 0,90"), "Data BPS"),
    (11, "b", "Sumber Daya Manusia", "Capaian IPM tahun terakhir", "0.75", True,
     ("≤ 69,99", "70,00 s.d. 79,99", "≥ 80,00"), "Data BPS"),
    (12, "", "Sumber Daya Manusia", "Penghargaan bagi inovator", "2", False,
     ("Piagam", "Piagam dan insentif", "Piagam, insentif dan mekanisme pembudayaan inovasi"),
     "SK penghargaan"),
    (13, "a", "Ekosistem Inovasi dan Kajian", "Rekomendasi kebijakan yang mendukung inovasi",
     "1", False, ("1-3 rekomendasi", "4-7 rekomendasi", "Lebih dari 7 rekomendasi"),
     "Dokumen rekomendasi"),
    (13, "b", "Ekosistem Inovasi dan Kajian", "Nilai Indeks Kualitas Kebijakan", "1", False,
     ("Cukup atau kurang", "Baik", "Sangat baik atau unggul"), "Hasil penilaian IKK"),
    (14, "", "Ekosistem Inovasi dan Kajian", "Rencana Induk dan Peta Jalan Pemajuan Iptek Daerah",
     "1", False, ("Rancangan", "Dokumen selesai dan disepakati", "Ditetapkan dengan Perkada"),
     "Dokumen RIPJ PID"),
    (15, "", "Ekosistem Inovasi dan Kajian", "Fasilitasi HAKI atas inovasi daerah", "1", False,
     ("Sosialisasi", "Sosialisasi dan fasilitasi administrasi",
      "Sosialisasi, fasilitasi dan insentif pembiayaan"), "Laporan kegiatan"),
]  # fmt: skip

SID: list[tuple[int, str, str, str, str, bool, tuple[str, str, str], str]] = [
    (16, "", "Infrastruktur", "Regulasi inovasi daerah", "3", True,
     ("SK kepala daerah atau kepala perangkat daerah", "Peraturan kepala daerah",
      "Peraturan daerah"), "SK/Perkada/Perda"),
    (17, "", "Infrastruktur", "Ketersediaan dan peran SDM", "2", True,
     ("1-10 orang", "11-30 orang", "Lebih dari 30 orang"), "SK tim dan daftar SDM"),
    (18, "", "Infrastruktur", "Dukungan anggaran", "2", False,
     ("1 tahun anggaran", "2 tahun berturut-turut", "T-0, T-1 dan T-2"), "DPA/RKA"),
    (19, "", "Kecanggihan Produk", "Alat kerja", "2", False,
     ("Manual", "Perangkat elektronik", "Sistem informasi daring atau AI"), "Foto/tangkapan layar"),
    (20, "", "Infrastruktur", "Bimtek inovasi", "1", False,
     ("1 kali dalam 3 tahun", "2 kali dalam 3 tahun", "3 kali atau lebih"), "Laporan bimtek"),
    (21, "", "Infrastruktur", "Integrasi program dan kegiatan inovasi dalam RKPD", "2", False,
     ("RKPD T-1 atau T-2", "RKPD T-1 dan T-2", "RKPD T-0, T-1 dan T-2"), "Dokumen RKPD"),
    (22, "", "Output Pengetahuan dan Teknologi", "Keterlibatan aktor inovasi", "1", False,
     ("3 aktor", "4 aktor", "5 aktor atau lebih"), "SK/surat keterlibatan"),
    (23, "", "Output Pengetahuan dan Teknologi", "Pelaksana inovasi daerah", "1", False,
     ("Tanpa surat penetapan", "Surat penugasan kepala perangkat daerah",
      "SK kepala daerah"), "Surat penugasan/SK"),
    (24, "", "Output Pengetahuan dan Teknologi", "Jejaring inovasi", "1", False,
     ("2 perangkat daerah", "3-4 perangkat daerah", "5 perangkat daerah atau lebih"),
     "Surat/PKS jejaring"),
    (25, "", "Output Pengetahuan dan Teknologi", "Sosialisasi inovasi daerah", "1", False,
     ("Foto dengan spanduk inovasi", "Media sosial atau berita milik pemda",
      "Media berita bukan milik pemda"), "Foto/tautan berita"),
    (26, "", "Kecepatan Bisnis Proses", "Pedoman teknis", "1", False,
     ("Buku manual cetak", "Buku elektronik", "Pedoman daring"), "Pedoman"),
    (27, "", "Kecepatan Bisnis Proses", "Kemudahan informasi layanan", "1", False,
     ("1 saluran", "2 saluran", "3 saluran atau lebih"), "Tangkapan layar saluran"),
    (28, "", "Kecepatan Bisnis Proses", "Kemudahan proses (kecepatan layanan)", "2", False,
     ("6 hari atau lebih", "2-5 hari", "1 hari"), "SOP"),
    (29, "", "Kecepatan Bisnis Proses", "Penyelesaian layanan pengaduan", "1", False,
     ("≤ 50% atau tidak ada pengaduan", "51%-90%", "≥ 91%"), "Rekap pengaduan"),
    (30, "", "Kecanggihan Produk", "Layanan terintegrasi", "2", False,
     ("Berdiri sendiri", "Satu portal unit", "Terintegrasi lintas unit"), "Tangkapan layar"),
    (31, "", "Kecanggihan Produk", "Replikasi", "3", False,
     ("Direplikasi 1 kali", "Direplikasi 2 kali di daerah lain", "Direplikasi 3 kali di daerah lain"),
     "PKS/MoU replikasi"),
    (32, "", "Kecepatan Bisnis Proses", "Kecepatan penciptaan inovasi", "2", True,
     ("9 bulan atau lebih", "5-8 bulan", "1-4 bulan"), "Jadwal/laporan"),
    (33, "", "Jumlah Inovasi dan Hasil Kreatif", "Kemanfaatan inovasi", "3", True,
     ("1-200 penerima manfaat", "201-500 penerima manfaat", "501 penerima manfaat atau lebih"),
     "Daftar penerima manfaat"),
    (34, "", "Jumlah Inovasi dan Hasil Kreatif", "Monitoring dan evaluasi inovasi", "2", False,
     ("Monev internal", "Laporan survei kepuasan masyarakat", "Monev eksternal berbasis kajian"),
     "Laporan monev"),
    (35, "", "Jumlah Inovasi dan Hasil Kreatif", "Video inovasi daerah", "4", True,
     ("1-2 unsur substansi", "3-4 unsur substansi", "5 unsur substansi"), "Tautan video"),
]  # fmt: skip


def install(rule_set_model: Any, indicator_model: Any) -> Any:
    """Create the 2023 rule set and its indicators (models passed in: migrations use their own)."""
    rule_set, created = rule_set_model.objects.get_or_create(year=YEAR, defaults=METHOD)
    if not created:
        return rule_set
    for aspect, rows in (("spd", SPD), ("sid", SID)):
        for number, sub, variable, name, weight, mandatory, params, evidence in rows:
            indicator_model.objects.create(
                rule_set=rule_set,
                aspect=aspect,
                number=number,
                sub=sub,
                variable=variable,
                name=name,
                weight=weight,
                mandatory=mandatory,
                param1=params[0],
                param2=params[1],
                param3=params[2],
                evidence_hint=evidence,
            )
    return rule_set
