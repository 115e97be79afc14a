"""Exchange rates by the day, vectorised: amounts in any listed currency to US dollars.

The table (``data/exchange_rates_sample.csv``, SYNTHETIC — see ``data/README.md``) holds
tenge per unit for each business day; the rate of a day is the last one published on or
before it. ``Currency`` is the enumeration the rules use for currency inputs."""

import csv
from functools import cache
from pathlib import Path

import numpy as np
from openfisca_core.indexed_enums import Enum

RATES_FILE = Path(__file__).resolve().parent / "data" / "exchange_rates_sample.csv"


class Currency(Enum):
    USD = "US dollar"
    EUR = "euro"
    GBP = "pound sterling"
    RUB = "Russian rouble"
    CNY = "Chinese yuan"
    TRY = "Turkish lira"
    UZS = "Uzbek sum"
    KRW = "South Korean won"
    KGS = "Kyrgyz som"
    KZT = "tenge"


CURRENCY_CODES: tuple[str, ...] = tuple(c.name for c in Currency)


class RateNotFound(LookupError):
    """No rate is published on or before the day asked for."""

    def __init__(self, currency: str, day: np.datetime64) -> None:
        super().__init__(f"no {currency} rate on or before {day}")
        self.currency = currency
        self.day = str(day)


@cache
def _table() -> tuple[np.ndarray, np.ndarray]:
    """(business days, KZT-per-unit matrix with one column per ``Currency`` member)."""
    with RATES_FILE.open(newline="") as f:
        rows = list(csv.DictReader(f))
    days = np.array([r["date"] for r in rows], dtype="datetime64[D]")
    values = np.ones((len(rows), len(CURRENCY_CODES)), dtype=np.float64)
    for j, code in enumerate(CURRENCY_CODES):
        if code != "KZT":
            values[:, j] = [float(r[code]) for r in rows]
    return days, values


def rates_span() -> tuple[str, str]:
    """First and last day of the table, ISO dates."""
    days, _ = _table()
    return str(days[0]), str(days[-1])


def usd_per_unit(currency: np.ndarray, day: np.ndarray | np.datetime64) -> np.ndarray:
    """US dollars per unit of ``currency`` (an array of ``Currency`` indices) on ``day``
    (one day or one per element). USD is exactly 1 on any day. Raises ``RateNotFound``
    for another currency on a day before the table starts; after its end, the last
    published rate holds."""
    days, values = _table()
    currency = np.asarray(currency, dtype=np.int64)
    day = np.broadcast_to(np.asarray(day, dtype="datetime64[D]"), currency.shape)
    row = np.searchsorted(days, day, side="right") - 1
    dollars = currency == CURRENCY_CODES.index("USD")
    missing = (row < 0) & ~dollars
    if missing.any():
        bad = int(np.argmax(missing))
        raise RateNotFound(CURRENCY_CODES[currency[bad]], day[bad])
    row = np.maximum(row, 0)
    factor = values[row, currency] / values[row, CURRENCY_CODES.index("USD")]
    return np.where(dollars, 1.0, factor)
