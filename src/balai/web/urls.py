from django.urls import path

from balai.web import views

app_name = "core"  # the namespace these pages had in core; templates link core:home
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("libur-daerah/", views.local_holidays, name="holidays"),
    path("libur-daerah/<int:pk>/hapus/", views.local_holiday_delete, name="holiday_delete"),
    path("readyz", views.readyz, name="readyz"),
]
