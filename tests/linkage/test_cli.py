"""``kosh link run`` links a snapshot in the test database and prints what it proposed;
a bad backend or a folder without the snapshot is refused with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kosh.cli import app
from kosh.linkage.models import LinkRun

pytestmark = pytest.mark.django_db


def test_link_run_prints_counts_and_accuracy(snapshot: Path) -> None:
    result = CliRunner().invoke(app, ["link", "run", "--dir", str(snapshot)])
    assert result.exit_code == 0, result.output
    assert "model person-v2" in result.output and "'auto': 6" in result.output
    assert "F1=1.0000" in result.output
    assert LinkRun.objects.count() == 1


def test_link_run_refusals(tmp_path: Path) -> None:
    assert CliRunner().invoke(app, ["link", "run", "--backend", "oracle"]).exit_code == 2
    refused = CliRunner().invoke(app, ["link", "run", "--dir", str(tmp_path)])
    assert refused.exit_code == 2 and "no_snapshot" in refused.output
    assert not LinkRun.objects.exists()
