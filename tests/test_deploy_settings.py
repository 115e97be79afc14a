"""Production settings pass Django's deployment checks; secrets come from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kosh.settings.keys import DEMO_SECRET_KEY, TEST_SECRET_KEY, secret_key_check

ROOT = Path(__file__).resolve().parents[1]
KOSH = str(Path(sys.executable).with_name("kosh"))
PRODUCTION_ENV = {
    "KOSH_SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghij-XYZ",
    "KOSH_ALLOWED_HOSTS": "kosh.example.kz",
    "DATABASE_URL": "postgresql://kosh@127.0.0.1:5432/kosh",
}


def _kosh_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """``kosh manage ARGS`` in a clean environment (no DJANGO_SETTINGS_MODULE, so only
    ``--settings`` can choose production)."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("KOSH_")
            and k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([KOSH, "manage", *args], cwd=ROOT, env=base | env,
                          capture_output=True, text=True, timeout=120)


def test_kosh_manage_check_deploy_honours_settings_and_warns_of_nothing():
    result = _kosh_manage("check", "--deploy", "--settings=kosh.settings.production",
                          **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_kosh_manage_refuses_a_short_secret():
    result = _kosh_manage("check", "--deploy", "--settings", "kosh.settings.production",
                          **PRODUCTION_ENV | {"KOSH_SECRET_KEY": "0123456789"})
    assert result.returncode != 0
    assert "KOSH_SECRET_KEY must be at least 50 random characters (it has 10)" in result.stderr


@pytest.mark.parametrize("key", [
    "", "short", DEMO_SECRET_KEY, TEST_SECRET_KEY, "a" * 60, "django-insecure-" + "abcdef" * 9,
])
def test_secret_key_rule(key):
    with pytest.raises(ImproperlyConfigured, match="KOSH_SECRET_KEY"):
        secret_key_check(key)
    assert secret_key_check(PRODUCTION_ENV["KOSH_SECRET_KEY"])


def test_check_deploy_passes_for_production_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="kosh.settings.production",
        KOSH_SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghij-XYZ",
        KOSH_ALLOWED_HOSTS="kosh.example.kz",
        DATABASE_URL="postgresql://kosh@127.0.0.1:5432/kosh",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret():
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOSH_")}
    env["DJANGO_SETTINGS_MODULE"] = "kosh.settings.production"
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "KOSH_SECRET_KEY" in result.stderr
