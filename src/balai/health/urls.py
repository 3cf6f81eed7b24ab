from django.urls import path

from balai.health import views

app_name = "health"

urlpatterns = [
    path("impor/templat.csv", views.import_template, name="import_template"),
    path("impor/berkas/<int:pk>/", views.import_detail, name="import_detail"),
    path("impor/berkas/<int:pk>/<str:action>/", views.import_action, name="import_action"),
    path("impor/<str:code>/", views.import_services, name="import"),
    path("parameter/", views.parameters, name="parameters"),
    path("parameter/simpan/", views.parameter_save, name="parameter_save"),
]
