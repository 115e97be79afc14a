"""The projection engine: a hand-computed life-table projection, flows that balance, totals
consistent by sex and age, the vectorised engine equal to the plain reference."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from kosh.forecast.model import MOVER_GROUPS, Paths, Rates, project, project_reference
from kosh.forecast.schedules import (
    AGES,
    FEMALE,
    MALE,
    fertility_schedule,
    level_for,
    life_expectancy,
    survival_ratios,
    working_age_mask,
)

WORKING = working_age_mask()


def _rates(r_n: int, *, survival: np.ndarray | None = None, fertility: np.ndarray | None = None,
           out_rate: float | np.ndarray = 0.0, destination: np.ndarray | None = None,
           emigration: float = 0.0, immigration: float = 0.0) -> Rates:
    shape = (r_n, 2, AGES)
    return Rates(
        survival=np.ones(shape) if survival is None else np.broadcast_to(survival, shape),
        birth_survival=np.ones((r_n, 2)),
        fertility=np.zeros((r_n, AGES)) if fertility is None else fertility,
        female_birth_share=0.5,
        out_rate=np.broadcast_to(out_rate, shape).copy(),
        destination=np.zeros((r_n, r_n)) if destination is None else destination,
        emigration=np.full(shape, emigration), immigration=np.full(shape, immigration),
        net_rate=np.zeros(shape), transfers=np.zeros((r_n, r_n)),
        transfer_profile=np.full((2, AGES), 1 / (2 * AGES)))


def test_closed_population_follows_the_hand_computed_life_table():
    """One region, no migration: l(x) = 1000, 900, 800, … (a straight line to 0 at 10),
    person-years L(x) = (l(x) + l(x+1)) / 2, survival L(x+1)/L(x). 1000 persons aged 0 at
    the start: 850/950 of them are 1 a year later, 750/950 are 2 after two years; 100
    women aged 25 with 0.5 births each give 50 births, 25 girls and 25 boys at age 0 (all
    survive to 1 January here)."""
    lx = np.maximum(1000 - 100 * np.arange(AGES + 1), 0).astype(float)
    big_l = (lx[:-1] + lx[1:]) / 2
    survival = np.zeros(AGES)
    survival[:9] = big_l[1:10] / big_l[:9]  # 950, 850, 750, … by hand
    fertility = np.zeros((1, AGES))
    fertility[0, 25] = 0.5
    rates = _rates(1, survival=survival, fertility=fertility)
    base = np.zeros((1, 2, AGES))
    base[0, :, 0] = 1000
    base[0, FEMALE, 25] = 100
    p = project(base, rates, Paths.central(2, 1), working=WORKING, keep_ages=True)
    assert p.ages[1][0, MALE, 1] == pytest.approx(1000 * 850 / 950)
    assert p.ages[2][0, MALE, 2] == pytest.approx(1000 * 750 / 950)
    assert p.ages[1][0, FEMALE, 0] == pytest.approx(25)
    assert p.ages[1][0, MALE, 0] == pytest.approx(25)
    assert p.ages[1][0, FEMALE, 26] == 0  # survival 0 beyond age 9 in this table
    assert p.births[0, 0, 0] == pytest.approx(50)
    # deaths: 2,100 persons and 50 births in, 2 × 1000 × 850/950 + 50 babies out
    assert p.deaths[0, 0, 0] == pytest.approx(2100 + 50 - (2 * 1000 * 850 / 950 + 50))


def test_schedules_hit_life_expectancy_and_tfr():
    for sex, e0 in ((MALE, 69.1), (FEMALE, 77.2)):
        assert life_expectancy(sex, level_for(sex, e0)) == pytest.approx(e0, abs=0.01)
        ratios, l0 = survival_ratios(sex, e0)
        assert np.all((ratios > 0) & (ratios < 1)) and 0.98 < l0 < 1
    f = fertility_schedule(2.8, 28.5, 6.0)
    assert f.sum() == pytest.approx(2.8)
    assert f[:15].sum() == 0 and f[50:].sum() == 0


@settings(max_examples=40, deadline=None)
@given(
    pop=arrays(np.float64, (4, 2, AGES), elements=st.floats(0, 1e4)),
    out=arrays(np.float64, (4, 2, AGES), elements=st.floats(0, 0.3)),
    dest=arrays(np.float64, (4, 4), elements=st.floats(0.01, 1)),
    years=st.integers(1, 4),
)
def test_internal_flows_balance(pop, out, dest, years):
    """Moves between regions change no national total: what leaves arrives, by sex and
    age (ageing apart)."""
    np.fill_diagonal(dest, 0)
    dest = dest / dest.sum(axis=1, keepdims=True)
    rates = _rates(4, out_rate=out, destination=dest)
    p = project(pop, rates, Paths.central(years, 4), working=WORKING, keep_ages=True)
    assert p.arrivals.sum(axis=2) == pytest.approx(p.departures.sum(axis=2), rel=1e-9, abs=1e-6)
    national = pop.sum(axis=0)
    aged = np.zeros_like(national)
    aged[:, years:] = national[:, :AGES - years]
    aged[:, AGES - 1] = national[:, AGES - 1 - years:].sum(axis=1)
    assert p.ages[years].sum(axis=0) == pytest.approx(aged, rel=1e-9, abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(
    scale=st.floats(100, 1e5),
    emigration=st.floats(0, 0.05),
    immigration=st.floats(0, 50),
    out=st.floats(0, 0.1),
    seed=st.integers(0, 2**32 - 1),
)
def test_totals_consistent_by_sex_and_age(scale, emigration, immigration, out, seed):
    """The population by sex is the sum over ages; the change of the national total is
    births − deaths + immigrants − emigrants; working age never exceeds the total."""
    rng = np.random.default_rng(seed)
    r_n = 3
    base = rng.random((r_n, 2, AGES)) * scale
    dest = np.array([[0, 0.5, 0.5], [1, 0, 0], [0.2, 0.8, 0]])
    ratios, _ = survival_ratios(MALE, 70.0)
    fert = np.tile(fertility_schedule(2.5, 28.5, 6.0), (r_n, 1))
    rates = _rates(r_n, survival=ratios, fertility=fert, out_rate=out, destination=dest,
                   emigration=emigration, immigration=immigration)
    paths = Paths(*(np.exp(rng.normal(0, 0.1, (5, 6))) for _ in range(5)),
                  np.zeros((5, 6, r_n)))
    p = project(base, rates, paths, working=WORKING, keep_ages=True)
    assert p.population[0] == pytest.approx(p.ages.sum(axis=3))
    change = np.diff(p.population.sum(axis=(2, 3)), axis=1)
    balance = (p.births - p.deaths + p.immigrants - p.emigrants).sum(axis=2)
    assert change == pytest.approx(balance, rel=1e-9, abs=1e-3)
    assert np.all(p.working_age <= p.population.sum(axis=3) + 1e-6)


def test_vectorised_equals_plain_reference():
    rng = np.random.default_rng(7)
    r_n, t_n, years = 5, 4, 6
    base = rng.random((r_n, 2, AGES)) * 1000
    dest = rng.random((2, len(MOVER_GROUPS) - 1, r_n, r_n))  # by sex and age group
    dest[..., np.arange(r_n), np.arange(r_n)] = 0
    dest /= dest.sum(axis=3, keepdims=True)
    ratios, _ = survival_ratios(FEMALE, 76.0)
    fert = np.tile(fertility_schedule(2.9, 28.5, 6.0), (r_n, 1))
    rates = _rates(r_n, survival=ratios, fertility=fert, out_rate=0.02, destination=dest,
                   emigration=0.003, immigration=2.0)
    transfers = np.zeros((r_n, r_n))
    transfers[0, 3] = 500
    from dataclasses import replace

    rates = replace(rates, transfers=transfers, net_rate=np.full((r_n, 2, AGES), 0.001))
    paths = Paths(*(np.exp(rng.normal(0, 0.1, (t_n, years))) for _ in range(5)),
                  rng.normal(0, 0.005, (t_n, years, r_n)))
    fast = project(base, rates, paths, working=WORKING).population
    plain = project_reference(base, rates, paths)
    assert fast == pytest.approx(plain, rel=1e-10)
    single = project(base, rates, paths, working=WORKING, dtype=np.float32).population
    assert single == pytest.approx(plain, rel=1e-5)


def test_destinations_by_sex_and_age_group():
    """From region 0, men go to region 1 and women to region 2; the young (16-29) of both
    sexes go to region 3 instead."""
    r_n = 4
    dest = np.zeros((2, len(MOVER_GROUPS) - 1, r_n, r_n))
    dest[MALE, :, :, 1] = dest[FEMALE, :, :, 2] = 1
    dest[:, 1, :, :] = 0
    dest[:, 1, :, 3] = 1
    dest[:, :, 1, :] = dest[:, :, 2, :] = dest[:, :, 3, :] = 0
    out = np.zeros((r_n, 2, AGES))
    out[0] = 0.5
    rates = _rates(r_n, out_rate=out, destination=dest)
    base = np.zeros((r_n, 2, AGES))
    base[0, :, 10] = base[0, :, 20] = 100
    p = project(base, rates, Paths.central(1, r_n), working=WORKING, keep_ages=True)
    after = p.ages[1]
    assert after[1, MALE, 11] == 50 and after[2, FEMALE, 11] == 50
    assert after[3, MALE, 21] == 50 and after[3, FEMALE, 21] == 50
    assert after[1, FEMALE].sum() == 0 and after[2, MALE].sum() == 0
