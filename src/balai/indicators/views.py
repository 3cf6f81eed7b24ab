"""The SPM Desa compliance page for a village, kecamatan or kabupaten."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import periods
from balai.core.dbrouter import reads_from_replica
from balai.indicators.policies import MONITORED_LEVELS
from balai.indicators.spm_desa import spm_by_village, spm_rollup, spm_total
from balai.regions.models import Level


@access.requires(Perm.SERVICES_MONITOR)
@reads_from_replica
def spm_desa(request: HttpRequest) -> HttpResponse:
    area = access.page_area(request, Perm.SERVICES_MONITOR, levels=MONITORED_LEVELS)
    year, month = periods.month_param(request)
    rows = spm_by_village(area=area, year=year, month=month)
    context = {
        "area": area,
        "period": f"{year}-{month:02d}",
        "rows": sorted(rows, key=lambda r: (-r.met, r.code)),
        "kecamatan": spm_rollup(rows, length=8) if area.level == Level.KABUPATEN_KOTA else [],
        "total": spm_total(area, rows),
    }
    return render(request, "indicators/spm_desa.html", context)


app_name = "indicators"
urlpatterns = [path("spm-desa/", spm_desa, name="spm_desa")]
