"""Tests: PostgreSQL from DATABASE_URL (make test starts one); SQLite only when unset."""

import os
from datetime import timedelta

from .base import *  # noqa: F403
from .database import database_from_url
from .keys import TEST_SECRET_KEY

SECRET_KEY = TEST_SECRET_KEY
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///:memory:"))}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
KOSH_API_DOCS_PUBLIC = True
# The defaults of base.py, whatever the environment of the test run says.
KOSH_LOGIN_FAILURE_LIMIT = AXES_FAILURE_LIMIT = 5
KOSH_LOGIN_COOLOFF_MINUTES = 60
AXES_COOLOFF_TIME = timedelta(minutes=KOSH_LOGIN_COOLOFF_MINUTES)
KOSH_TRUSTED_PROXIES = []
KOSH_SIGNING_DEMO_KEYS = True  # sign with the key pair of `kosh documents keys`
KOSH_VERIFY_ATTEMPTS = 10_000  # the rate-limit tests set their own; others must not hit it
