"""Turn a DATABASE_URL into Django's DATABASES entry (postgresql:// or sqlite:///)."""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


def database_from_url(url: str) -> dict:
    """Return a Django database dict for ``postgresql://user:pw@host:port/name`` or
    ``sqlite:///path``; a ``host`` query parameter names a Unix socket directory."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # writers take the lock when their transaction begins, so the audit chain (one
        # head, appended in each writing transaction) never sees two writers at once
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": Path(unquote(parsed.path)),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20}}
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"unsupported database URL scheme: {parsed.scheme!r}")
    query = parse_qs(parsed.query)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": query.get("host", [parsed.hostname or ""])[0],
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": 60,
        # psycopg prepares the statements that ask for it (``execute(…, prepare=True)``:
        # the audit append, the search by IIN, the name search) once per connection;
        # Django disables preparing unless told (for connection poolers, none here). Its
        # own cursors bind on the client and are never prepared, whatever this threshold.
        # Those statements are planned once, generically: the name search's custom plans
        # of a scoped search joined a tier's pairs with all of a region's or a country's
        # persons, its generic plans probe each pair's person (docs/registry.md, "Prepared
        # statements"); the others plan the same either way.
        "OPTIONS": {"prepare_threshold": 5,
                    "options": "-c plan_cache_mode=force_generic_plan"},
    }
