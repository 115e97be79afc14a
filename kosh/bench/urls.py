"""Kosh's URL map plus the benchmark references under ``/bench/`` (``kosh.settings.bench``
only)."""

from django.urls import path

from kosh.urls import urlpatterns as kosh_urlpatterns

from .views import api, page

urlpatterns = [
    path("bench/api/", api.urls),
    path("bench/page", page, name="bench-page"),
    *kosh_urlpatterns,
]
