from django.urls import path

from balai.facilities import views

app_name = "facilities"
urlpatterns = [
    path("", views.register, name="register"),
    path("tambah/", views.point_create, name="create"),
    path("<int:pk>/ubah/", views.point_edit, name="edit"),
    path("peta/", views.map_page, name="map"),
    path("peta/data.json", views.map_data, name="map_data"),
]
