"""URL map: the console (web), the REST API under /api/, Django admin, language switch."""

from django.contrib import admin
from django.urls import include, path

from kosh.access.docs import api_docs_guard
from kosh.api.main import api
from kosh.web.language import set_language

# /api/docs and /api/openapi.json: staff only unless KOSH_API_DOCS_PUBLIC (set before
# api.urls builds the documentation views).
api.docs_decorator = api_docs_guard

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("cases/", include("kosh.cases.urls")),
    path("whatif/", include("kosh.whatif.urls")),
    path("quotas/", include("kosh.quotas.urls")),
    path("ratings/", include("kosh.ratings.urls")),
    path("forecast/", include("kosh.forecast.urls")),
    path("settlement/", include("kosh.settlement.urls")),
    path("labour/", include("kosh.labour.urls")),
    path("protection/", include("kosh.protection.urls")),
    path("emigrants/", include("kosh.emigrants.urls")),
    path("monitoring/", include("kosh.monitoring.urls")),
    path("linkage/", include("kosh.linkage.urls")),
    path("", include("kosh.documents.urls")),
    path("", include("kosh.web.urls")),
]
