"""The embedded demo: SQLite in var/, debug off so pages look as in production."""

import os

from .base import *  # noqa: F403
from .base import PROJECT_DIR
from .database import database_from_url
from .keys import DEMO_SECRET_KEY

DEBUG = os.environ.get("KOSH_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("KOSH_SECRET_KEY", DEMO_SECRET_KEY)
KOSH_API_DOCS_PUBLIC = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'var' / 'kosh-demo.sqlite3'}")
    )
}
KOSH_SIGNING_DEMO_KEYS = True  # sign with the key pair of `kosh documents keys`
# SQLite builds the name pair index without its included column (NamePair.person_keys is
# read from the table instead): correct, only slower, which the demo does not need
SILENCED_SYSTEM_CHECKS = ["models.W040"]
