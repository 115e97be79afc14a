"""The rates table: the rate of a day is the last one published on or before it."""

import numpy as np
import pytest

from kosh.rules.rates import CURRENCY_CODES, RateNotFound, rates_span, usd_per_unit

EUR, USD, KZT = (CURRENCY_CODES.index(c) for c in ("EUR", "USD", "KZT"))


def test_a_weekend_takes_fridays_rate():
    friday, saturday, sunday = np.array(["2026-11-27", "2026-11-28", "2026-11-29"],
                                        dtype="datetime64[D]")
    rates = usd_per_unit(np.array([EUR, EUR, EUR]), np.array([friday, saturday, sunday]))
    assert rates[0] == rates[1] == rates[2]


def test_dollars_are_exactly_one_and_tenge_is_small():
    rates = usd_per_unit(np.array([USD, KZT]), np.datetime64("2026-03-02"))
    assert rates[0] == 1.0 and 0.0015 < rates[1] < 0.0025


def test_a_day_before_the_table_has_no_rate():
    first, last = rates_span()
    with pytest.raises(RateNotFound):
        usd_per_unit(np.array([EUR]), np.datetime64(first) - 1)
    assert usd_per_unit(np.array([EUR]), np.datetime64(last) + 400)[0] > 0
