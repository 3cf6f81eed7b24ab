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


_STAFF = {
    Perm.REGIONS_VIEW_SUBAREAS,
    Perm.ACCOUNTS_USE_API,
}
_VILLAGE_OFFICE = _STAFF | {
    Perm.REGIONS_MANAGE_SUBAREAS,
    Perm.ACCOUNTS_VIEW_USERS,
    Perm.AUDIT_VIEW,
}
_SUPERVISOR = _STAFF | {Perm.ACCOUNTS_VIEW_USERS, Perm.AUDIT_VIEW}

ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.RESIDENT: frozenset(),
    Role.RT_HEAD: frozenset(_STAFF),
    Role.RW_HEAD: frozenset(_STAFF),
    Role.KEPALA_DUSUN: frozenset(_STAFF),
    Role.POSYANDU_CADRE: frozenset({Perm.REGIONS_VIEW_SUBAREAS}),
    Role.VILLAGE_OPERATOR: frozenset(_VILLAGE_OFFICE),
    Role.SEKRETARIS_DESA: frozenset(_VILLAGE_OFFICE),
    Role.KEPALA_DESA: frozenset(_VILLAGE_OFFICE),
    Role.KECAMATAN_STAFF: frozenset(_SUPERVISOR),
    Role.CAMAT: frozenset(_SUPERVISOR),
    Role.KABUPATEN_STAFF: frozenset(_SUPERVISOR),
    Role.SYSTEM_ADMIN: frozenset(Perm.values),
}
