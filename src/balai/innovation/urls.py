from django.urls import URLPattern, URLResolver, path

from balai.innovation import method_views, views, workbook_views

app_name = "innovation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("baru/", views.create, name="create"),
    path("katalog/", views.catalogue, name="catalogue"),
    path("katalog/<int:pk>/", views.catalogue_detail, name="catalogue_detail"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.edit, name="edit"),
    path("<int:pk>/ajukan/", views.submit, name="submit"),
    path("<int:pk>/profil.pdf", views.profile_pdf, name="profile_pdf"),
    path("<int:pk>/bukti.zip", views.evidence_bundle, name="evidence_zip"),
    path("<int:pk>/indikator/<int:answer_pk>/", views.answer_save, name="answer_save"),
    path("isian/<int:answer_pk>/verifikasi/", views.review, name="review"),
    path("bukti/<int:pk>/", views.evidence_file, name="evidence"),
    path("bukti/<int:pk>/hapus/", views.evidence_remove, name="evidence_remove"),
    path("penilaian/buka/", views.open_round, name="open_round"),
    path("penilaian/terbaru/", views.latest_round, name="latest"),
    path("penilaian/terbaru/spd/", views.latest_round, {"part": "spd"}, name="latest_spd"),
    path("penilaian/<int:pk>/", views.score, name="score"),
    path("penilaian/<int:pk>/ekspor/", workbook_views.workbook_list, name="workbooks"),
    path(
        "penilaian/<int:pk>/ekspor/susun/", workbook_views.workbook_request, name="workbook_request"
    ),
    path(
        "penilaian/<int:pk>/ekspor/<int:job_pk>/", workbook_views.workbook_detail, name="workbook"
    ),
    path(
        "penilaian/<int:pk>/ekspor/<int:job_pk>/unduh/",
        workbook_views.workbook_download,
        name="workbook_download",
    ),
    path("penilaian/<int:pk>/spd/", views.spd, name="spd"),
    path("penilaian/<int:pk>/spd/<int:answer_pk>/", views.spd_save, name="spd_save"),
    path("penilaian/<int:pk>/tutup/", views.close, name="close"),
    path("metode/", method_views.method_list, name="methods"),
    path("metode/<int:pk>/", method_views.method_detail, name="method"),
]
