from django.urls import URLPattern, URLResolver

app_name = "poverty"

urlpatterns: list[URLPattern | URLResolver] = []
