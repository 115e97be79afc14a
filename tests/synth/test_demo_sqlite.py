"""``make demo`` on SQLite: the steps that build the demo's registry — migrate, reference
data, a small synthetic nation and ``kosh synth load`` — run on a fresh SQLite database
as the Makefile runs them (the rest of the suite runs on PostgreSQL, where the loader
drops and rebuilds indexes; SQLite has none of that to do)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KOSH = str(Path(sys.executable).with_name("kosh"))


def test_the_demo_registry_is_built_on_sqlite(tmp_path):
    path = tmp_path / "kosh.sqlite3"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="kosh.settings.demo",
               DATABASE_URL=f"sqlite:///{path}", PYTHONPATH=str(ROOT))
    synth = str(tmp_path / "synth")
    for step in (["manage", "migrate", "-v0"], ["load-reference"],
                 ["synth", "--scale", "0.0005", "--seed", "7", "--out", synth, "--quiet"],
                 ["synth", "load", "--dir", synth, "--quiet"]):
        done = subprocess.run([KOSH, *step], env=env, cwd=ROOT, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, (step, done.stderr[-2000:])
    with sqlite3.connect(path) as db:
        persons = db.execute("SELECT count(*) FROM identity_person").fetchone()[0]
        pairs = db.execute("SELECT count(*) FROM identity_namepair").fetchone()[0]
        loads = db.execute("SELECT count(*) FROM access_auditevent WHERE "
                           "object_type = 'synth_nation' AND action = 'import'").fetchone()[0]
    assert persons > 10_000 and pairs > persons and loads == 1
