"""Roles, the area level each is bound to, and what each may do (pure data).

This table is the access policy. A new module adds its permissions here and
grants them to roles; ``access`` applies them within the role's area.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.regions.models import Level


class Role(models.TextChoices):
    RESIDENT = "resident", _("Warga")
    RT_HEAD = "rt_head", _("Ketua RT")
    RW_HEAD = "rw_head", _("Ketua RW")
    KEPALA_DUSUN = "kepala_dusun", _("Kepala Dusun")
    POSYANDU_CADRE = "posyandu_cadre", _("Kader Posyandu")
    VILLAGE_OPERATOR = "village_operator", _("Operator Desa")
    SEKRETARIS_DESA = "sekretaris_desa", _("Sekretaris Desa")
    KEPALA_DESA = "kepala_desa", _("Kepala Desa")
    KECAMATAN_STAFF = "kecamatan_staff", _("Staf Kecamatan")
    CAMAT = "camat", _("Camat")
    KABUPATEN_STAFF = "kabupaten_staff", _("Staf Kabupaten")
    SYSTEM_ADMIN = "system_admin", _("Admin Sistem")


class Office(models.TextChoices):
    DPMD = "dpmd", _("DPMD")
    BAPPEDA = "bappeda", _("Bappeda")
    DINKES = "dinkes", _("Dinas Kesehatan")
    DINSOS = "dinsos", _("Dinas Sosial")
    DISDUKCAPIL = "disdukcapil", _("Disdukcapil")
    DISDIK = "disdik", _("Dinas Pendidikan")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    SETDA = "setda", _("Sekretariat Daerah")
    # The other usual perangkat daerah of a kabupaten (their names vary a little
    # per Perda; these are the common ones). DPMPTSP runs the MPP.
    DPMPTSP = "dpmptsp", _("DPMPTSP (penanaman modal dan PTSP)")
    PUPR = "pupr", _("Dinas Pekerjaan Umum dan Penataan Ruang")
    PERKIM = "perkim", _("Dinas Perumahan dan Kawasan Permukiman")
    PERTANIAN = "pertanian", _("Dinas Pertanian")
    PERIKANAN = "perikanan", _("Dinas Perikanan")
    PANGAN = "pangan", _("Dinas Ketahanan Pangan")
    DISHUB = "dishub", _("Dinas Perhubungan")
    DLH = "dlh", _("Dinas Lingkungan Hidup")
    DISPERINDAG = "disperindag", _("Dinas Perindustrian dan Perdagangan")
    KOPERASI = "koperasi", _("Dinas Koperasi dan UKM")
    DISNAKER = "disnaker", _("Dinas Tenaga Kerja")
    DISPAR = "dispar", _("Dinas Pariwisata")
    KOMINFO = "kominfo", _("Dinas Komunikasi dan Informatika")
    DISPORA = "dispora", _("Dinas Pemuda dan Olahraga")
    DP3A = "dp3a", _("Dinas Pemberdayaan Perempuan dan Perlindungan Anak")
    DPPKB = "dppkb", _("Dinas Pengendalian Penduduk dan KB")
    SATPOLPP = "satpolpp", _("Satpol PP")
    BPBD = "bpbd", _("BPBD")
    BPKAD = "bpkad", _("BPKAD")
    BAPENDA = "bapenda", _("Bapenda")
    BKPSDM = "bkpsdm", _("BKPSDM")
    ARSIP = "arsip", _("Dinas Perpustakaan dan Kearsipan")
    KESBANGPOL = "kesbangpol", _("Kesbangpol")
    RSUD = "rsud", _("RSUD")
    LAINNYA = "lainnya", _("Lainnya")


# The levels an area of each role may have. The system admin's area is
# optional: without one the role covers the whole country.
ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.RESIDENT: (Level.DESA_KELURAHAN, Level.DUSUN, Level.RW, Level.RT),
    Role.RT_HEAD: (Level.RT,),
    Role.RW_HEAD: (Level.RW,),
    Role.KEPALA_DUSUN: (Level.DUSUN,),
    Role.POSYANDU_CADRE: (Level.DESA_KELURAHAN, Level.DUSUN, Level.RW),
    Role.VILLAGE_OPERATOR: (Level.DESA_KELURAHAN,),
    Role.SEKRETARIS_DESA: (Level.DESA_KELURAHAN,),
    Role.KEPALA_DESA: (Level.DESA_KELURAHAN,),
    Role.KECAMATAN_STAFF: (Level.KECAMATAN,),
    Role.CAMAT: (Level.KECAMATAN,),
    Role.KABUPATEN_STAFF: (Level.KABUPATEN_KOTA,),
    Role.SYSTEM_ADMIN: (Level.PROVINSI, Level.KABUPATEN_KOTA),
}


class Perm(models.TextChoices):
    """Actions a role may take inside its area."""

    REGIONS_VIEW_SUBAREAS = "regions.view_subareas", _("Melihat dusun/RW/RT")
    REGIONS_MANAGE_SUBAREAS = "regions.manage_subareas", _("Mengelola dusun/RW/RT")
    ACCOUNTS_VIEW_USERS = "accounts.view_users", _("Melihat pengguna di wilayah")
    ACCOUNTS_USE_API = "accounts.use_api", _("Memakai API dengan token")
    AUDIT_VIEW = "audit.view", _("Melihat jejak audit wilayah")
    ADMIN_SITE = "admin.site", _("Membuka admin Django")
    CALENDAR_MANAGE = "core.manage_holidays", _("Mengelola hari libur daerah")
    # Population registry.
    REGISTRY_VIEW = "registry.view", _("Melihat data penduduk")
    REGISTRY_VIEW_IDENTITY = "registry.view_identity", _("Melihat NIK dan No. KK lengkap")
    REGISTRY_CHANGE = "registry.change", _("Mengubah data penduduk dan peristiwa")
    REGISTRY_IMPORT = "registry.import", _("Impor dan ekspor data penduduk")
    REGISTRY_STATS = "registry.stats", _("Melihat statistik penduduk")
    # Village services and letters (SPM Desa).
    LETTERS_VIEW = "letters.view", _("Melihat permohonan surat")
    LETTERS_PROCESS = "letters.process", _("Memproses permohonan surat")
    LETTERS_APPROVE = "letters.approve", _("Menyetujui surat (sekdes)")
    LETTERS_SIGN = "letters.sign", _("Menandatangani surat (kepala desa)")
    LETTERS_COUNTERSIGN = "letters.countersign", _("Mengetahui surat (camat)")
    LETTERS_MANAGE = "letters.manage", _("Mengelola jenis, templat dan penomoran surat")
    SERVICES_MANAGE = "services.manage", _("Mengelola standar pelayanan desa")
    SERVICES_CATALOGUE = "services.catalogue", _("Mengelola katalog standar pelayanan kabupaten")
    SERVICES_MONITOR = "services.monitor", _("Memantau kepatuhan pelayanan")
    # Complaints.
    COMPLAINTS_VIEW = "complaints.view", _("Melihat pengaduan")
    COMPLAINTS_HANDLE = "complaints.handle", _("Menangani pengaduan")
    COMPLAINTS_CONFIGURE = "complaints.configure", _("Mengatur kategori dan kalender pengaduan")
    COMPLAINTS_DASHBOARD = "complaints.dashboard", _("Melihat dasbor pengaduan dan SKM")
    # Posyandu and stunting.
    POSYANDU_VIEW = "posyandu.view", _("Melihat data posyandu")
    POSYANDU_RECORD = "posyandu.record", _("Mencatat kunjungan posyandu")
    POSYANDU_MANAGE = "posyandu.manage", _("Mengelola posyandu dan kader")
    POSYANDU_DASHBOARD = "posyandu.dashboard", _("Melihat prevalensi dan kartu skor konvergensi")
    # Indicator engine.
    INDICATORS_VIEW = "indicators.view", _("Melihat indikator wilayah")
    INDICATORS_TARGETS = "indicators.targets", _("Menetapkan target indikator kabupaten")
    # Supply register (service points) and maps.
    FACILITIES_VIEW = "facilities.view", _("Melihat sarana layanan dan peta")
    FACILITIES_MANAGE = "facilities.manage", _("Mengelola sarana layanan")
    # Basic health services (SPM kesehatan): demand, services received.
    HEALTH_VIEW = "health.view", _("Melihat layanan dasar kesehatan dan parameternya")
    HEALTH_IMPORT = "health.import", _("Mengimpor register layanan puskesmas")
    HEALTH_PARAMETERS = "health.parameters", _("Menetapkan parameter prevalensi kabupaten")
    # Basic education (SPM pendidikan): school rolls and out-of-school children.
    EDUCATION_VIEW = "education.view", _("Melihat partisipasi sekolah dan anak tidak sekolah")
    EDUCATION_IMPORT = "education.import", _("Mengimpor daftar murid sekolah")
    # Village planning and musrenbang.
    PLANNING_VIEW = "planning.view", _("Melihat rencana desa dan usulan musrenbang")
    PLANNING_MANAGE = "planning.manage", _("Menyusun RPJM/RKP Desa dan memimpin musrenbang desa")
    PLANNING_KECAMATAN = "planning.kecamatan", _("Memimpin musrenbang kecamatan")
    PLANNING_KABUPATEN = "planning.kabupaten", _("Mengatur pagu, kriteria, OPD dan forum kabupaten")
    PLANNING_ANSWER = "planning.answer", _("Menjawab usulan untuk perangkat daerah sendiri")
    # Village finance (APBDes, realisation, BUM Desa).
    FINANCE_VIEW = "finance.view", _("Melihat APBDes, realisasi dan BUM Desa")
    FINANCE_EDIT = "finance.edit", _("Menyusun APBDes, mencatat realisasi, impor Siskeudes")
    FINANCE_APPROVE = "finance.approve", _("Mengajukan dan menetapkan APBDes (kepala desa)")
    FINANCE_EVALUATE = "finance.evaluate", _("Mengevaluasi rancangan APBDes (camat/bupati)")
    # Regional innovations (Indeks Inovasi Daerah).
    INNOVATION_VIEW = "innovation.view", _("Melihat inovasi daerah dan skor IID")
    INNOVATION_EDIT = "innovation.edit", _("Mengisi inovasi milik kantor/wilayah sendiri")
    INNOVATION_VERIFY = "innovation.verify", _("Memverifikasi inovasi dan mengisi indikator SPD")
    # One-stop service (MPP, PATEN, village counters): queue and catalogue.
    ONESTOP_SERVE = "onestop.serve", _("Melayani antrean di loket (MPP, PATEN, desa)")
    ONESTOP_MANAGE = "onestop.manage", _("Mengelola katalog, unit, loket dan kuota pelayanan")
    # Poverty and social aid: figures; by-name lists (desil and aid are sensitive);
    # the village's recipients, musdes rounds and cases; Dinsos' register and programmes.
    POVERTY_VIEW = "poverty.view", _("Melihat angka kemiskinan dan bantuan sosial")
    POVERTY_NAMES = "poverty.names", _("Melihat daftar nama desil dan penerima bantuan")
    POVERTY_MANAGE = "poverty.manage", _("Mencatat penerima, usulan musdes dan kasus ekstrem")
    POVERTY_PROGRAMMES = (
        "poverty.programmes",
        _("Mengelola program bantuan dan data kesejahteraan (Dinsos)"),
    )
    # Guidance and supervision of villages (binwas): agenda, visits, follow-ups, rakor.
    SUPERVISION_VIEW = "supervision.view", _("Melihat agenda, kunjungan dan tindak lanjut binwas")
    SUPERVISION_MANAGE = "supervision.manage", _("Merencanakan dan melaksanakan binwas, rakor")
    SUPERVISION_RESPOND = "supervision.respond", _("Menjawab tindak lanjut temuan binwas")
    SUPERVISION_INSTRUMENTS = "supervision.instruments", _("Mengelola instrumen binwas kabupaten")


_FIELD = {Perm.REGIONS_VIEW_SUBAREAS}
# API tokens are long-lived bearer credentials for system-to-system work
# (SIAK, a dinas application, the kabupaten dashboard): only the offices
# that run such systems hold them. RT/RW heads, kepala dusun and cadres work
# from their phones on the (mobile-first) web; a token on a volunteer's
# phone that can read a neighbourhood's people in bulk is a leak waiting to
# happen. Residents use the web with NIK + PIN.
_STAFF = _FIELD | {Perm.ACCOUNTS_USE_API}
# RT/RW heads and kepala dusun: their own people, no identity numbers.
_NEIGHBOURHOOD = _FIELD | {
    Perm.REGISTRY_VIEW,
    Perm.REGISTRY_STATS,
    Perm.COMPLAINTS_VIEW,
    Perm.POSYANDU_VIEW,
}
_CADRE = {
    Perm.REGIONS_VIEW_SUBAREAS,
    Perm.REGISTRY_VIEW,
    Perm.POSYANDU_VIEW,
    Perm.POSYANDU_RECORD,
    Perm.POSYANDU_DASHBOARD,
}
_VILLAGE_OFFICE = _STAFF | {
    Perm.REGIONS_MANAGE_SUBAREAS,
    Perm.ACCOUNTS_VIEW_USERS,
    Perm.AUDIT_VIEW,
    Perm.REGISTRY_VIEW,
    Perm.REGISTRY_VIEW_IDENTITY,
    Perm.REGISTRY_CHANGE,
    Perm.REGISTRY_IMPORT,
    Perm.REGISTRY_STATS,
    Perm.LETTERS_VIEW,
    Perm.LETTERS_PROCESS,
    Perm.COMPLAINTS_VIEW,
    Perm.COMPLAINTS_HANDLE,
    Perm.COMPLAINTS_DASHBOARD,
    Perm.POSYANDU_VIEW,
    Perm.POSYANDU_RECORD,
    Perm.POSYANDU_MANAGE,
    Perm.POSYANDU_DASHBOARD,
    Perm.SERVICES_MONITOR,
    Perm.INDICATORS_VIEW,
    Perm.FACILITIES_VIEW,
    Perm.FACILITIES_MANAGE,
    Perm.HEALTH_VIEW,
    Perm.EDUCATION_VIEW,
    Perm.EDUCATION_IMPORT,
    Perm.PLANNING_VIEW,
    Perm.PLANNING_MANAGE,
    Perm.FINANCE_VIEW,
    Perm.FINANCE_EDIT,
    Perm.INNOVATION_VIEW,
    Perm.INNOVATION_EDIT,
    Perm.ONESTOP_SERVE,
    Perm.ONESTOP_MANAGE,
    Perm.POVERTY_VIEW,
    Perm.SUPERVISION_VIEW,
    Perm.SUPERVISION_RESPOND,
}
# Kecamatan and kabupaten supervise: figures, lists by name for follow-up
# (NIK masked), escalated complaints; they do not edit village data.
_SUPERVISOR = _STAFF | {
    Perm.ACCOUNTS_VIEW_USERS,
    Perm.AUDIT_VIEW,
    Perm.REGISTRY_VIEW,
    Perm.REGISTRY_STATS,
    Perm.LETTERS_VIEW,
    Perm.SERVICES_MONITOR,
    Perm.COMPLAINTS_VIEW,
    Perm.COMPLAINTS_HANDLE,
    Perm.COMPLAINTS_DASHBOARD,
    Perm.POSYANDU_VIEW,
    Perm.POSYANDU_DASHBOARD,
    Perm.INDICATORS_VIEW,
    Perm.FACILITIES_VIEW,
    Perm.HEALTH_VIEW,
    Perm.EDUCATION_VIEW,
    Perm.PLANNING_VIEW,
    Perm.FINANCE_VIEW,
    # A kecamatan or an office fills in its own innovations (``innovation.policies``).
    Perm.INNOVATION_VIEW,
    Perm.INNOVATION_EDIT,
    Perm.POVERTY_VIEW,
    Perm.SUPERVISION_VIEW,
}

ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.RESIDENT: frozenset(),
    Role.RT_HEAD: frozenset(_NEIGHBOURHOOD),
    Role.RW_HEAD: frozenset(_NEIGHBOURHOOD),
    Role.KEPALA_DUSUN: frozenset(_NEIGHBOURHOOD),
    Role.POSYANDU_CADRE: frozenset(_CADRE),
    Role.VILLAGE_OPERATOR: frozenset(
        _VILLAGE_OFFICE
        | {Perm.LETTERS_MANAGE, Perm.SERVICES_MANAGE, Perm.POVERTY_NAMES, Perm.POVERTY_MANAGE}
    ),
    Role.SEKRETARIS_DESA: frozenset(_VILLAGE_OFFICE | {Perm.LETTERS_APPROVE}),
    Role.KEPALA_DESA: frozenset(
        _VILLAGE_OFFICE
        | {
            Perm.LETTERS_SIGN,
            Perm.LETTERS_MANAGE,
            Perm.SERVICES_MANAGE,
            Perm.FINANCE_APPROVE,
        }
    ),
    # Kecamatan lead their musrenbang and run their PATEN desk; the camat
    # evaluates APBDes where the bupati delegated it.
    # Kecamatan see the poverty lists by name for verification.
    Role.KECAMATAN_STAFF: frozenset(
        _SUPERVISOR
        | {
            Perm.PLANNING_KECAMATAN,
            Perm.ONESTOP_SERVE,
            Perm.POVERTY_NAMES,
            Perm.SUPERVISION_MANAGE,
        }
    ),
    Role.CAMAT: frozenset(
        _SUPERVISOR
        | {
            Perm.LETTERS_COUNTERSIGN,
            Perm.PLANNING_KECAMATAN,
            Perm.FINANCE_EVALUATE,
            Perm.ONESTOP_SERVE,
            Perm.ONESTOP_MANAGE,
            Perm.POVERTY_NAMES,
            Perm.SUPERVISION_MANAGE,
        }
    ),
    Role.KABUPATEN_STAFF: frozenset(
        _SUPERVISOR
        | {
            Perm.COMPLAINTS_CONFIGURE,
            Perm.SERVICES_CATALOGUE,
            Perm.CALENDAR_MANAGE,
            Perm.INDICATORS_TARGETS,
            Perm.FACILITIES_MANAGE,
            Perm.PLANNING_ANSWER,
            # MPP counter staff come from many offices; DPMPTSP runs the MPP.
            Perm.ONESTOP_SERVE,
            Perm.SUPERVISION_RESPOND,
        }
    ),
    Role.SYSTEM_ADMIN: frozenset(Perm.values),
}

# What a kabupaten staff role gains from its office (added to ROLE_PERMS): the
# health office (Dinkes, and the puskesmas under it) imports the puskesmas
# service registers and sets the prevalence parameters of its kabupaten; the
# education office (Dinas Pendidikan) imports the school rolls of the whole
# kabupaten. Other offices only read them. Bappeda sets the planning frame: pagu
# indikatif, musrenbang criteria and calendar, the OPD list and priority themes.
OFFICE_PERMS: dict[str, frozenset[str]] = {
    Office.DINKES: frozenset({Perm.HEALTH_IMPORT, Perm.HEALTH_PARAMETERS}),
    Office.DISDIK: frozenset({Perm.EDUCATION_IMPORT}),
    # Bappeda sets the planning frame and (with its Litbang function) runs the IID
    # round: verifies every office's, kecamatan's and village's innovations and
    # enters the SPD.
    Office.BAPPEDA: frozenset({Perm.PLANNING_KABUPATEN, Perm.INNOVATION_VERIFY}),
    # The village empowerment office (DPMD) evaluates APBDes the bupati kept and
    # runs the kabupaten's binwas: its rakor with the camat and the instruments.
    Office.DPMD: frozenset(
        {Perm.FINANCE_EVALUATE, Perm.SUPERVISION_MANAGE, Perm.SUPERVISION_INSTRUMENTS}
    ),
    # The Inspektorat (the kabupaten's internal auditor) follows binwas up
    # with DPMD and defines with it the checklists villages are checked against.
    Office.INSPEKTORAT: frozenset({Perm.SUPERVISION_INSTRUMENTS}),
    # DPMPTSP runs the MPP: the catalogue, its units, counters and quotas.
    Office.DPMPTSP: frozenset({Perm.ONESTOP_MANAGE}),
    # Dinsos keeps the welfare register and the programmes, and verifies by name.
    Office.DINSOS: frozenset({Perm.POVERTY_NAMES, Perm.POVERTY_PROGRAMMES}),
}
