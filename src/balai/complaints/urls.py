from django.urls import path

from balai.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.index, name="index"),
    path("desa/<str:code>/", views.file, name="file"),
    path("terkirim/", views.filed, name="filed"),
    path("lacak/", views.track, name="track"),
    path("lacak/<str:number>/", views.status, name="status"),
    path("lacak/<str:number>/balas/", views.reply, name="reply"),
    path("lacak/<str:number>/buka-kembali/", views.reopen, name="reopen"),
    path("lacak/<str:number>/nilai/", views.rate, name="rate"),
    path("lacak/<str:number>/survei/", views.survey, name="survey"),
    path("saya/", views.mine, name="mine"),
    path("kelola/", views.queue, name="queue"),
    path("kelola/baru/", views.counter, name="counter"),
    path("kelola/<int:pk>/", views.detail, name="detail"),
    path("kelola/<int:pk>/tindakan/", views.act, name="act"),
    path("kelola/<int:pk>/lampiran/<int:id>/", views.attachment, name="attachment"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/xlsx/", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("skm/", views.skm, name="skm"),
    path("skm/unit/", views.skm_units, name="skm_units"),
    path("kategori/", views.categories, name="categories"),
]
