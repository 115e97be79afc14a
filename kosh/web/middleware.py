"""Response headers every dynamic answer carries."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class NoStoreMiddleware:
    """``Cache-Control: no-store`` and ``Pragma: no-cache`` on every page, API answer and
    download: they hold personal data, which no browser or proxy cache may keep. Static
    files are answered by WhiteNoise before this middleware and keep their caching; the
    STATIC_URL check covers static files served by another handler."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not request.path.startswith(self.static_prefix):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
