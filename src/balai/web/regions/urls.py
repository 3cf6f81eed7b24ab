from django.urls import path

from balai.web.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.index, name="index"),
    path("cari/", views.search, name="search"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/tambah/", views.subarea_create, name="subarea_create"),
    path("<str:code>/ubah/", views.subarea_rename, name="subarea_rename"),
    path("<str:code>/nonaktifkan/", views.subarea_deactivate, name="subarea_deactivate"),
]
