"""Production settings pass Django's deployment checks; secrets come from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
