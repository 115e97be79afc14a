"""A small synthetic nation shared by the forecast tests (written once per session)."""

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def nation_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("forecast-nation") / "synth"
    kosh = str(Path(sys.executable).with_name("kosh"))
    subprocess.run([kosh, "synth", "--scale", "0.001", "--seed", "7", "--out", str(out),
                    "--quiet"], check=True, capture_output=True)
    return out
