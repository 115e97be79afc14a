"""URL map: the console (web), the REST API under /api/, Django admin, language switch."""

from django.contrib import admin
from django.urls import include, path

from kosh.api.main import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("cases/", include("kosh.cases.urls")),
    path("", include("kosh.documents.urls")),
    path("", include("kosh.web.urls")),
]
