"""Indicator 5 (skilled share of arrivals aged 15+) from the model's arrival streams:
the baseline reproduces the registry's share, the levers move it by the streams' mix,
and a run stores it among its 2027 indicators."""

import duckdb
import pytest
import time_machine

from kosh.forecast.estimate import (
    base_population,
    registry_flows,
    registry_open,
    registry_rates,
)
from kosh.forecast.scenarios import builtin_scenarios
from kosh.forecast.services import forecast_run_create
from kosh.forecast.skilled import skilled_share, skilled_shares


@pytest.fixture(scope="module")
def streams(nation_dir):
    reg = registry_open(nation_dir)
    base = base_population(reg, 2024)
    flows = registry_flows(reg, range(2021, 2024))
    return (registry_rates(reg, base, flows, 2024), flows, base.sum(axis=(1, 2)),
            skilled_shares(reg))


def _share(code, streams):
    rates, flows, population, shares = streams
    return skilled_share(builtin_scenarios()[code], rates, flows, population, shares)


def test_baseline_reproduces_registry_and_levers_move_it(nation_dir, streams):
    observed = duckdb.sql(
        f"SELECT avg((education IN ('higher', 'vocational'))::int) * 100 FROM "
        f"read_parquet('{nation_dir / 'external_migration.parquet'}') "
        f"WHERE direction = 'arrival' AND age >= 15").fetchall()[0][0]
    baseline = _share("baseline", streams)
    assert baseline == pytest.approx(observed, abs=2.0)
    assert _share("high_migration", streams) == pytest.approx(baseline)  # one multiplier
    kandas_skilled = duckdb.sql(
        f"SELECT avg((education IN ('higher', 'vocational'))::int) * 100 FROM "
        f"read_parquet('{nation_dir / 'kandas.parquet'}') WHERE cohort = '2019-2025'"
    ).fetchall()[0][0]
    assert (_share("kandas_plus50", streams) < baseline) == (kandas_skilled < baseline)
    assert _share("neo_nomad", streams) > baseline  # the applicants are mostly graduates


@pytest.mark.django_db
@time_machine.travel("2026-11-30 10:00:00+05:00", tick=False)
def test_run_stores_indicator_5(actor_of, nation_dir, tmp_path, monkeypatch, streams):
    monkeypatch.setenv("KOSH_FORECAST_CACHE", str(tmp_path / "cache"))
    run = forecast_run_create(actor=actor_of("analyst"), scenario="baseline", base_year=2024,
                              horizon=5, trajectories=20, seed=3, directory=nation_dir)
    five = next(i for i in run.summary["indicators"] if i["number"] == 5)
    assert five["target"] == 73.5 and five["low80"] == five["median"] == five["high80"]
    assert five["median"] == pytest.approx(_share("baseline", streams), abs=0.01)
    assert five["probability"] in (0.0, 1.0)
