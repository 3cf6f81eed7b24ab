"""Every route of Balai; tests/test_route_access.py checks each is guarded."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from balai.accounts import access
from balai.config.api import api

urlpatterns = [
    path("", include("balai.web.urls")),
    path("akun/", include("balai.accounts.urls")),
    path("wilayah/", include("balai.web.regions.urls")),
    path("penduduk/", include("balai.registry.urls")),
    path("layanan/", include("balai.letters.urls")),
    path("pengaduan/", include("balai.complaints.urls")),
    path("posyandu/", include("balai.posyandu.urls")),
    path("indikator/", include("balai.boards.urls")),
    path("indikator/", include("balai.indicators.urls")),
    path("sarana/", include("balai.facilities.urls")),
    path("kesehatan/", include("balai.health.urls")),
    path("pendidikan/", include("balai.education.urls")),
    path("perencanaan/", include("balai.planning.urls")),
    path("keuangan/", include("balai.finance.urls")),
    path("kemiskinan/", include("balai.poverty.urls")),
    path("inovasi/", include("balai.innovation.urls")),
    path("pelayanan/", include("balai.onestop.urls")),
    path("binwas/", include("balai.supervision.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", access.public(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

handler404 = "balai.web.views.not_found"
handler500 = "balai.web.views.server_error"
