"""Registry pages: imports (routes listed in ``urlpatterns``, gathered by registry/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
