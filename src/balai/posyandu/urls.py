from django.urls import path

from balai.posyandu import views

app_name = "posyandu"
urlpatterns = [
    path("", views.index, name="index"),
    path("baru/", views.posyandu_create, name="create"),
    path("<int:pk>/", views.day, name="day"),
    path("<int:pk>/kader/", views.cadre_link, name="cadre_link"),
    path("<int:pk>/anak/<int:child_pk>/kunjungan/", views.visit_new, name="visit_new"),
    path("<int:pk>/anak/<int:child_pk>/pratinjau/", views.visit_preview, name="visit_preview"),
    path("<int:pk>/bayi-baru/", views.newborn, name="newborn"),
    path("<int:pk>/ibu-hamil/", views.pregnancy_new, name="pregnancy_new"),
    path("<int:pk>/impor/", views.import_visits, name="import"),
    path("<int:pk>/impor/<int:job_pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/impor/<int:job_pk>/<str:action>/", views.import_action, name="import_action"),
    path("kehamilan/<int:pk>/", views.pregnancy_visit, name="pregnancy_visit"),
    path("anak/<int:pk>/", views.child, name="child"),
    path("kunjungan/<int:visit_pk>/ubah/", views.visit_edit, name="visit_edit"),
    path("kunjungan/<int:visit_pk>/hapus/", views.visit_delete, name="visit_delete"),
    path("anak/<int:pk>/kms.pdf", views.child_pdf, name="child_pdf"),
    path("prevalensi/<str:code>/", views.prevalence, name="prevalence"),
    path("tindak-lanjut/<str:code>/", views.followup, name="followup"),
    path("kartu-skor/<str:code>/", views.scorecard, name="scorecard"),
    path("laporan/<str:code>/", views.report, name="report"),
]
