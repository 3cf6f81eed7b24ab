from django.urls import path  # noqa: F401 -- routes are added as the module grows

app_name = "registry"
urlpatterns: list[object] = []
