"""Rate limit of document verification per client address (Django's cache; thresholds
``KOSH_VERIFY_ATTEMPTS`` per ``KOSH_VERIFY_WINDOW`` seconds), so that numbers and dates of
birth cannot be tried in bulk. The client is the address login throttling counts
(``REMOTE_ADDR``, or the forwarded address behind a trusted proxy)."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from kosh.access.throttle import client_address


class TooManyAttempts(Exception):
    """The client has used up its verification attempts for the current window."""


def verification_throttle(request: HttpRequest) -> None:
    """Count one verification attempt of this client; ``TooManyAttempts`` past the limit."""
    key = f"kosh:verify:{client_address(request) or 'unknown'}"
    cache.add(key, 0, timeout=settings.KOSH_VERIFY_WINDOW)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.KOSH_VERIFY_WINDOW)
        attempts = 1
    if attempts > settings.KOSH_VERIFY_ATTEMPTS:
        raise TooManyAttempts
