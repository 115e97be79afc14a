"""The ``kosh`` command answers as an administrator's script expects."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

KOSH = str(Path(sys.executable).with_name("kosh"))
VECTORS = Path(__file__).parent / "identity" / "data" / "iin_bin_test_vectors.csv"


def _kosh(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([KOSH, *args], capture_output=True, text=True, timeout=60)


def test_valid_iin_prints_birth_date_and_sex_and_exits_0():
    result = _kosh("iin", "900101300811")
    assert result.returncode == 0
    assert "1990-01-01" in result.stdout and "male" in result.stdout


def test_malformed_iin_says_what_is_wrong_and_exits_1():
    result = _kosh("iin", "900230300019")
    assert result.returncode == 1
    assert "1990-02-30" in result.stdout


@pytest.mark.parametrize("row", list(csv.DictReader(VECTORS.open())), ids=lambda r: r["number"])
def test_shared_vectors(row):
    assert (_kosh("iin", row["number"]).returncode == 0) == (row["expected_valid"] == "1")
