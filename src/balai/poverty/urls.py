from django.urls import path

from balai.poverty import views, views_work

app_name = "poverty"

urlpatterns = [
    path("wilayah/<str:code>/", views.overview, name="overview"),
    path("desa/<str:code>/", views.village, name="village"),
    path("desa/<str:code>/daftar/<int:programme>/<str:check>/", views.flagged, name="flagged"),
    path("program/p/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("program/p/<int:pk>/penerima/<str:code>/", views.recipients, name="recipients"),
    path(
        "program/p/<int:pk>/penerima/<str:code>/unggah/",
        views.recipient_upload,
        name="recipient_upload",
    ),
    path("program/<str:code>/", views.programmes, name="programmes"),
    path("penerima/<int:pk>/hapus/", views.recipient_remove, name="recipient_remove"),
    path("impor/templat/<str:name>.csv", views.template_file, name="template"),
    path(
        "impor/kesejahteraan/berkas/<int:pk>/",
        views.welfare_import_detail,
        name="welfare_import_detail",
    ),
    path(
        "impor/penerima/berkas/<int:pk>/",
        views.recipient_import_detail,
        name="recipient_import_detail",
    ),
    path(
        "impor/<str:kind>/berkas/<int:pk>/<str:action>/",
        views.import_action,
        name="import_action",
    ),
    path("impor/kesejahteraan/<str:code>/", views.welfare_import, name="welfare_import"),
    path("pengaturan/<str:code>/", views.settings_page, name="settings"),
    path("publik/<str:code>/", views.public, name="public"),
    path("saya/", views.mine, name="mine"),
    path("musdes/putaran/<int:pk>/", views_work.round_detail, name="round_detail"),
    path("musdes/putaran/<int:pk>/ubah/", views_work.round_edit, name="round_edit"),
    path("musdes/putaran/<int:pk>/status/", views_work.round_move, name="round_move"),
    path("musdes/putaran/<int:pk>/keputusan/", views_work.round_decisions, name="round_decisions"),
    path("musdes/putaran/<int:pk>/berkas.<str:fmt>", views_work.round_file, name="round_file"),
    path("musdes/bukti/<int:pk>/", views_work.proposal_evidence, name="proposal_evidence"),
    path("musdes/<str:code>/", views_work.rounds, name="rounds"),
    path("ekstrem/kasus/<int:pk>/", views_work.case_detail, name="case_detail"),
    path("ekstrem/kasus/<int:pk>/<str:action>/", views_work.case_action, name="case_action"),
    path("ekstrem/<str:code>/", views_work.cases, name="cases"),
    path("laporan/<str:code>/", views_work.quarterly, name="quarterly"),
]
