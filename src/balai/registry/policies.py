"""Registry rules the pages and the API share: statistics levels, imports in scope."""

from __future__ import annotations

from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.regions.models import Area, Level
from balai.registry.importing.models import ImportJob

PUBLIC_LEVELS = (Level.DESA_KELURAHAN, Level.KECAMATAN)
MONTHLY_LEVELS = (Level.DESA_KELURAHAN, Level.KECAMATAN, Level.KABUPATEN_KOTA, Level.PROVINSI)


def import_village_for(user: object, code: str) -> Area:
    """Return the village *user* may import into (404/403 outside scope, error above a village)."""
    area = access.get_area_for_user(user, code.strip(), Perm.REGISTRY_IMPORT)
    if area.level != Level.DESA_KELURAHAN:
        raise DomainError(_("Impor dilakukan per desa/kelurahan; pilih kode desa."))
    return area


def import_job_get_for_user(user: object, pk: int) -> ImportJob:
    """Return import job *pk* in *user*'s scope, else 404."""
    return access.get_in_scope(
        ImportJob.objects.select_related("village"),
        user,
        Perm.REGISTRY_IMPORT,
        pk=pk,
        message=_("Impor tidak ditemukan."),
        field="village",
    )
