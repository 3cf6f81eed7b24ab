from django.urls import path

from balai.education import views

app_name = "education"

urlpatterns = [
    path("impor/templat.<str:fmt>", views.roll_template, name="template"),
    path("impor/berkas/<int:pk>/", views.roll_import_detail, name="import_detail"),
    path("impor/berkas/<int:pk>/<str:action>/", views.roll_import_action, name="import_action"),
    path("impor/<str:code>/", views.roll_import, name="import"),
    path("tidak-sekolah/<str:code>/", views.out_of_school, name="out_of_school"),
]
