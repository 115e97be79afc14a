"""Settings shared by every deployment. Secrets come from the environment."""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent

SECRET_KEY = os.environ.get("KOSH_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("KOSH_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    "ninja",  # so /api/docs uses the Swagger UI shipped in ninja's static folder, not a CDN
    "kosh.geo",
    "kosh.occupations",
    "kosh.access",
    "kosh.identity",
    "kosh.rules",
    "kosh.cases",
    "kosh.documents",
    "kosh.instruments",
    "kosh.whatif",
    "kosh.quotas",
    "kosh.ratings",
    "kosh.forecast",
    "kosh.labour",
    "kosh.linkage",
    "kosh.web",
    "kosh.settlement",
    "kosh.protection",
    "kosh.emigrants",
    "kosh.monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files leave here, cacheable
    "kosh.web.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kosh.web.language.LanguageMiddleware",  # after authentication: the user's choice
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "kosh.urls"
WSGI_APPLICATION = "kosh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kosh.access.context.role",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and number formats per language (Django ships none for Kazakh): kosh/formats/<code>.
# Grouping of thousands is not switched on for every number a template prints (record ids
# and page numbers go into links and form values): money and amounts ask for it
# (kosh.formats.money, number_format(..., force_grouping=True)).
FORMAT_MODULE_PATH = ["kosh.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts, styles, fonts and requests from this origin
# only; no inline script, no inline event handler, no style="" attribute. Images may also be
# data: URIs (Swagger UI's icons). Leaflet sets its styles through the CSSOM, which the
# policy allows, and needs no blob: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login throttling (django-axes): failures are counted per username (from any address) and,
# separately, per client address (for any username); either reaching the limit locks
# sign-in for the cool-off. Both numbers can be set from the environment.
KOSH_LOGIN_FAILURE_LIMIT = int(os.environ.get("KOSH_LOGIN_FAILURE_LIMIT", "5"))
KOSH_LOGIN_COOLOFF_MINUTES = int(os.environ.get("KOSH_LOGIN_COOLOFF_MINUTES", "60"))
AXES_FAILURE_LIMIT = KOSH_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=KOSH_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_CLIENT_IP_CALLABLE = "kosh.access.throttle.client_address"


def _networks(value: str) -> list[str]:
    """``"10.0.0.1, 10.1.0.0/16"`` → ``["10.0.0.1/32", "10.1.0.0/16"]``; refuse garbage."""
    try:
        return [str(ipaddress.ip_network(part.strip(), strict=False))
                for part in value.split(",") if part.strip()]
    except ValueError as err:
        raise ImproperlyConfigured(f"KOSH_TRUSTED_PROXIES: {err}") from err


# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed. Empty: the
# client address is REMOTE_ADDR and X-Forwarded-For is ignored.
KOSH_TRUSTED_PROXIES = _networks(os.environ.get("KOSH_TRUSTED_PROXIES", ""))

# /api/docs and /api/openapi.json: open to anyone (demo, tests) or to signed-in staff only.
KOSH_API_DOCS_PUBLIC = False

# Cells of an aggregate smaller than this are suppressed for analysts.
KOSH_MIN_CELL = 5

# Issued documents (kosh/documents, docs/documents.md): the issuing body's signing key and
# certificate, each a file path or the PEM text itself. Without them documents are signed
# with the demo key pair of `kosh documents keys` only where KOSH_SIGNING_DEMO_KEYS is on
# (demo and tests); elsewhere approval is refused rather than issue an unsigned document.
KOSH_SIGNING_KEY = os.environ.get("KOSH_SIGNING_KEY", "")
KOSH_SIGNING_CERT = os.environ.get("KOSH_SIGNING_CERT", "")
KOSH_SIGNING_DEMO_KEYS = False
KOSH_SIGNING_DIR = PROJECT_DIR / "var" / "signing"
# The address printed in the QR code of issued documents (…/verify/<number>?t=<token>).
KOSH_PUBLIC_URL = os.environ.get("KOSH_PUBLIC_URL", "http://127.0.0.1:8000")
# Public verification: at most this many checks per client address per window (seconds).
KOSH_VERIFY_ATTEMPTS = 20
KOSH_VERIFY_WINDOW = 600
