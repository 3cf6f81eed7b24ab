from django.urls import URLPattern, URLResolver

app_name = "onestop"

urlpatterns: list[URLPattern | URLResolver] = []
