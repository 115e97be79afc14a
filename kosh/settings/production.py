"""Production: every secret and address from the environment, HTTPS only."""

import os

from .base import *  # noqa: F403
from .database import database_from_url

SECRET_KEY = os.environ["KOSH_SECRET_KEY"]
ALLOWED_HOSTS = os.environ["KOSH_ALLOWED_HOSTS"].split(",")
DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
