"""Production: every secret and address from the environment, HTTPS only."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .database import database_from_url
from .keys import secret_key_check


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment.")
    return value


SECRET_KEY = secret_key_check(os.environ.get("KOSH_SECRET_KEY", ""))
ALLOWED_HOSTS = _required("KOSH_ALLOWED_HOSTS").split(",")
DATABASES = {"default": database_from_url(_required("DATABASE_URL"))}

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

KOSH_API_DOCS_PUBLIC = False
