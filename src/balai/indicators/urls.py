from django.urls import path

from balai.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("spm-desa/", views.spm_desa, name="spm_desa"),
    path("target/", views.targets, name="targets"),
    path("target/<int:pk>/hapus/", views.target_delete, name="target_delete"),
    path("<str:code>/", views.indicator_detail, name="detail"),
    path("<str:code>/belum-terlayani/", views.not_served, name="not_served"),
]
