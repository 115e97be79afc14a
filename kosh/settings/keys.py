"""The secret-key rule production enforces before it starts."""

from django.core.exceptions import ImproperlyConfigured

# Published in the repository, so never a secret: production refuses them.
DEMO_SECRET_KEY = "demo-only-not-secret-" + "x" * 40
TEST_SECRET_KEY = "test-only-" + "k" * 50
MIN_SECRET_KEY_LENGTH = 50


def secret_key_check(key: str) -> str:
    """Return ``key`` if it may sign production sessions; else raise ImproperlyConfigured
    saying what is wrong (missing, shorter than 50 characters, too few distinct characters,
    Django's insecure default prefix, or the published demo/test key)."""
    if not key:
        raise ImproperlyConfigured("KOSH_SECRET_KEY is not set.")
    if key in (DEMO_SECRET_KEY, TEST_SECRET_KEY):
        raise ImproperlyConfigured(
            "KOSH_SECRET_KEY is the published demo/test key; generate a secret one."
        )
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5:
        raise ImproperlyConfigured(
            f"KOSH_SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} random characters "
            f"(it has {len(key)})."
        )
    if key.startswith("django-insecure-"):
        raise ImproperlyConfigured("KOSH_SECRET_KEY must not be Django's insecure default.")
    return key
