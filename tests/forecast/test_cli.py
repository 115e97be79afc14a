"""``kosh forecast run`` stores a run and prints it; a refusal exits with 2 and writes
nothing; ``kosh forecast backtest`` prints the error by region and the MAPE."""

import pytest
from typer.testing import CliRunner

from kosh.forecast.cli import forecast_app
from kosh.forecast.models import ForecastRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KOSH_FORECAST_CACHE", str(tmp_path / "cache"))


def test_run_and_refusal(nation_dir):
    runner = CliRunner()
    done = runner.invoke(forecast_app, ["run", "--scenario", "low_migration", "--horizon", "3",
                                        "--trajectories", "20", "--dir", str(nation_dir)])
    assert done.exit_code == 0, done.output
    assert "forecast run #" in done.output and "2027 median=" in done.output
    refused = runner.invoke(forecast_app, ["run", "--scenario", "nope", "--dir",
                                           str(nation_dir)])
    assert refused.exit_code == 2
    assert ForecastRun.objects.count() == 1


def test_backtest_prints_mape(nation_dir):
    done = CliRunner().invoke(forecast_app, ["backtest", "--trajectories", "100", "--dir",
                                             str(nation_dir)])
    assert done.exit_code == 0, done.output
    assert "backtest 2018->2023 regions=17" in done.output and "MAPE=" in done.output
