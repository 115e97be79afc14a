"""WSGI entry point.

Each server process loads everything at start — Django, the URL configuration with every
API router and its schemas, the rules and their version — rather than at its first
requests, then freezes what it loaded out of the garbage collector's full passes
(``gc.freeze``): a full pass walked those ~400,000 long-lived objects, 0.3–0.5 s every
few hundred requests, a pause for every request in flight (issue 21, API p99)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.production")
application = get_wsgi_application()


def _load() -> None:
    """Import every view and build the rules (both are cached for the process)."""
    from django.urls import get_resolver

    from kosh.rules.system import rule_version, rules_system

    get_resolver().url_patterns  # noqa: B018 - imports the URL configuration
    rules_system()
    rule_version()


_load()
gc.collect()
gc.freeze()
