"""Rates and base populations from the registry and the official series; the stochastic
draws; the back-test; the scenarios."""

import numpy as np
import pytest

from kosh.forecast.backtest import backtest_run
from kosh.forecast.estimate import (
    base_population,
    official_regions,
    official_series,
    registry_flows,
    registry_open,
    registry_rates,
)
from kosh.forecast.labour import labour_supply_by_region
from kosh.forecast.regions import REGIONS, REGIONS_2018
from kosh.forecast.runs import forecast_compute
from kosh.forecast.scenarios import builtin_scenarios
from kosh.forecast.stochastic import Fitted, draw_paths


@pytest.mark.parametrize("year", [2000, 2010, 2016, 2017, 2018, 2021, 2022, 2023])
def test_official_regions_add_up_to_the_country(year):
    country = official_series()[year]["000000000"]
    assert official_regions(year).sum(axis=0) == pytest.approx(country)
    assert official_regions(year, REGIONS_2018).sum(axis=0) == pytest.approx(country)


def test_new_regions_mapped_back_to_their_parents():
    by20, by17 = official_regions(2023), official_regions(2023, REGIONS_2018)
    east = REGIONS.index("630000000"), REGIONS.index("100000000")
    assert by17[REGIONS_2018.index("630000000")] == pytest.approx(by20[list(east)].sum(axis=0))


def test_registry_rates(nation_dir):
    reg = registry_open(nation_dir)
    base = base_population(reg, 2024)
    assert base.sum() == pytest.approx(20_033_841, rel=0.01)
    flows = registry_flows(reg, range(2021, 2024))
    rates = registry_rates(reg, base, flows, 2024)
    rows = rates.destination.sum(axis=3)
    assert rates.destination.shape == (2, 5, 20, 20)
    assert np.allclose(rows[rows > 0], 1)
    assert np.all(np.diagonal(rates.destination, axis1=2, axis2=3) == 0)
    assert np.all((rates.out_rate >= 0) & (rates.out_rate <= 0.5))
    official = base_population(reg, 2023)
    assert official.sum() == pytest.approx(official_series()[2023]["000000000"].sum())


def test_draws_reproducible_and_shocks_centred():
    fitted = Fitted(-0.01, 0.05, 0.03, 0.1, 0.2, 0.2, [0.5] * 3, [0.01] * 3)
    w = np.array([1.0, 2.0, 3.0])
    a = draw_paths(fitted, years=5, regions=3, trajectories=50, seed=1, weights=w)
    b = draw_paths(fitted, years=5, regions=3, trajectories=50, seed=1, weights=w)
    c = draw_paths(fitted, years=5, regions=3, trajectories=50, seed=2, weights=w)
    assert np.array_equal(a.mortality, b.mortality) and not np.array_equal(a.mortality,
                                                                            c.mortality)
    assert np.allclose((a.regional * w / w.sum()).sum(axis=2), 0)


def test_backtest_2018_to_2023(nation_dir):
    result = backtest_run(registry_open(nation_dir), trajectories=200)
    assert len(result.regions) == 17
    assert result.mape < 5.0
    assert 0.4 <= result.coverage80 <= 1.0


def test_scenarios_change_what_they_say(nation_dir):
    def run(code):
        return forecast_compute(directory=nation_dir, scenario=builtin_scenarios()[code],
                                base_year=2024, horizon=5, trajectories=20, seed=3).summary

    base, north = run("baseline"), run("resettlement_doubled")
    ne = [REGIONS.index(k) for k in ("110000000", "590000000", "550000000")]
    last = -1
    assert sum(north["central"]["population"][last][i][0] + north["central"]["population"]
               [last][i][1] for i in ne) > sum(base["central"]["population"][last][i][0]
                                               + base["central"]["population"][last][i][1]
                                               for i in ne)
    ind = {i["number"]: i for i in base["indicators"]}
    assert set(ind) == {1, 5, 10} and 0 <= ind[1]["probability"] <= 1
    high, low = run("high_migration"), run("low_migration")
    assert high["national_q"][2][last] > low["national_q"][2][last]


def test_labour_supply_function(nation_dir):
    supply = labour_supply_by_region(year=2027, directory=nation_dir)
    assert set(supply) == set(REGIONS)
    assert 9e6 < sum(supply.values()) < 15e6
