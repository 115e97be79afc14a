"""Who may read the API documentation (/api/docs and /api/openapi.json)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def api_docs_guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the docs to anyone when ``KOSH_API_DOCS_PUBLIC`` (demo, tests), else only to a
    signed-in staff user: anonymous visitors are sent to sign in, other users get 403."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.KOSH_API_DOCS_PUBLIC:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_staff:
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded
