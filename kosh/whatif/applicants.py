"""A synthetic population of would-be applicants for the what-if of a rule change.

:func:`applicants_generate` draws ``n`` applicants from a seeded numpy Generator (same ``n``
and ``seed`` → identical arrays), every column at once. Dates are stored as day offsets
from the assessment day so one population serves any day. What it models (invented
shapes, not statistics):

* **citizenship** from a weighted list of 32 countries the migration statistics name most
  (Russia, Uzbekistan, China, Türkiye, India, …); **occupation** as the ISCO-08 major group
  (professionals most common) and, for a few professionals, a profession of the
  demanded-professions list;
* **monthly income** for the 12 months before the assessment month: a log-normal level per
  person (median about USD 2,900, higher for OECD citizens), ±12 % month to month, in US
  dollars or the currency of the citizenship; 7 % earned nothing in one of the months;
* the other Neo Nomad inputs (way of working, employer country, local job, medical
  insurance around a one-year stay, criminal-record certificate, invitation);
* a one-time **investment** (log-normal, median about USD 120,000) made 0–5 years ago;
* a **stay** abroad or in Kazakhstan of 10–400 days with an insurance policy for most.
"""

import threading
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from kosh.rules.rates import CURRENCY_CODES, usd_per_unit

MONTHS = 12
REFERENCE_DAY = np.datetime64("2026-06-30")  # day whose rates turn dollars into currencies

# citizenship: (weight, income factor, currency of the country or "")
COUNTRIES: dict[str, tuple[float, float, str]] = {
    "RUS": (16, 0.9, "RUB"), "UZB": (10, 0.6, "UZS"), "CHN": (8, 0.9, "CNY"),
    "TUR": (7, 0.8, "TRY"), "IND": (7, 0.7, ""), "DEU": (5, 1.5, "EUR"),
    "USA": (5, 1.8, ""), "GBR": (4, 1.6, "GBP"), "KOR": (4, 1.3, "KRW"),
    "KGZ": (4, 0.5, "KGS"), "UKR": (4, 0.7, ""), "MNG": (3, 0.6, ""),
    "BLR": (2, 0.7, ""), "ARM": (2, 0.8, ""), "IRN": (2, 0.7, ""), "PAK": (2, 0.6, ""),
    "TJK": (2, 0.5, ""), "AZE": (2, 0.7, ""), "FRA": (2, 1.5, "EUR"), "ITA": (1, 1.3, "EUR"),
    "ESP": (1, 1.3, "EUR"), "NLD": (1, 1.6, "EUR"), "POL": (1, 1.1, "EUR"),
    "CAN": (1, 1.6, ""), "AUS": (1, 1.6, ""), "ISR": (1, 1.5, ""), "JPN": (1, 1.4, ""),
    "ARE": (1, 1.5, ""), "BRA": (1, 0.9, ""), "EGY": (1, 0.6, ""), "GEO": (1, 0.8, ""),
    "KAZ": (2, 0.7, "KZT"),
}
# ISCO-08 major group: weight among applicants
OCCUPATIONS: dict[str, float] = {
    "1": 15, "2": 45, "3": 18, "4": 7, "5": 5, "6": 1, "7": 5, "8": 2, "9": 2,
}
DEMANDED = ("software_architect", "it_infrastructure_architect", "oncologist",
            "neurosurgeon", "medical_physicist", "aviation_engineer")
WORK = ("foreign_employer", "own_foreign_company", "freelance_foreign_clients",
        "local_employer", "other")
WORK_P = (0.45, 0.15, 0.3, 0.07, 0.03)


@dataclass(frozen=True)
class Applicants:
    """Columns of ``n`` applicants drawn with ``seed``. ``*_index`` columns index into the
    vocabularies."""

    seed: int
    countries: np.ndarray  # vocabulary of citizenships (|S3)
    country_index: np.ndarray
    occupations: np.ndarray  # vocabulary of ISCO major groups (|S1)
    occupation_index: np.ndarray
    profession: np.ndarray  # |S40: a demanded-professions code or "other"
    monthly_income: np.ndarray  # (MONTHS, n) float32: row k is the (k+1)-th month before the day
    income_currency: np.ndarray  # |S3 currency codes
    work_arrangement: np.ndarray  # |S25
    employer_country: np.ndarray  # |S3
    has_local_employment: np.ndarray
    criminal_record_clear: np.ndarray
    has_invitation: np.ndarray
    entry_offset: np.ndarray  # days from the assessment day to the intended entry
    insurance_start_offset: np.ndarray  # days from entry to the first day insured (≤ 0 ok)
    insurance_days: np.ndarray  # days insured
    investment_usd: np.ndarray
    investment_age_days: np.ndarray
    investment_in_kazakhstan: np.ndarray
    stay_offset: np.ndarray  # days from the assessment day to the first day of the stay
    stay_days: np.ndarray
    has_policy: np.ndarray
    cover_shortfall_days: np.ndarray  # days of the stay at its end the policy misses

    @property
    def size(self) -> int:
        return len(self.country_index)

    @property
    def key(self) -> tuple[int, int]:
        """``(n, seed)``: the same key means the same applicants."""
        return self.size, self.seed

    @cached_property
    def citizenship(self) -> np.ndarray:
        """The citizenship (ISO alpha-3 bytes) of every applicant."""
        return self.countries[self.country_index]


def _pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> tuple[np.ndarray,
                                                                               np.ndarray]:
    names = np.array(list(weights), dtype="S3")
    p = np.fromiter(weights.values(), dtype=np.float64)
    return names, rng.choice(len(names), size=n, p=p / p.sum()).astype(np.int16)


def _income_in_currency(rng: np.random.Generator, countries: np.ndarray, country: np.ndarray,
                        usd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Half of the applicants are paid in their country's currency, the rest in dollars."""
    own = np.array([COUNTRIES[c.decode()][2] or "USD" for c in countries], dtype="S3")
    currency = np.where(rng.random(len(country)) < 0.5, own[country], b"USD")
    codes = np.array([c.encode() for c in CURRENCY_CODES], dtype="S3")
    index = np.searchsorted(codes, currency, sorter=np.argsort(codes))
    index = np.argsort(codes)[index]
    income = usd / usd_per_unit(index, REFERENCE_DAY).astype(usd.dtype)
    return np.round(income, 2, out=income), currency


def applicants_generate(n: int, seed: int = 2026) -> Applicants:
    """``n`` synthetic applicants, deterministic for ``seed``."""
    rng = np.random.default_rng(seed)
    countries, country = _pick(rng, {k: v[0] for k, v in COUNTRIES.items()}, n)
    occupations, occupation = _pick(rng, OCCUPATIONS, n)
    factor = np.array([COUNTRIES[c.decode()][1] for c in countries])[country]
    level = 2900.0 * factor * rng.lognormal(0.0, 0.45, n)
    # ±12 % month to month; float32 as OpenFisca stores it (half the time and memory)
    usd = rng.standard_normal((MONTHS, n), dtype=np.float32)
    usd *= np.float32(0.12)
    np.exp(usd, out=usd)
    usd *= level.astype(np.float32)
    gap = rng.random(n) < 0.07
    usd[rng.integers(0, 6, n)[gap], np.flatnonzero(gap)] = 0.0
    income, currency = _income_in_currency(rng, countries, country, usd)
    professional = occupations[occupation] == b"2"
    demanded = professional & (rng.random(n) < 0.06)
    profession = np.where(demanded, np.array(DEMANDED, dtype="S40")[rng.integers(0, len(
        DEMANDED), n)], np.array(b"other", dtype="S40"))
    work = np.array(WORK, dtype="S25")[rng.choice(len(WORK), size=n, p=WORK_P)]
    abroad = countries[country]
    employer = np.where(work == b"local_employer", b"KAZ", abroad)
    stay_days = np.clip(rng.lognormal(np.log(100), 0.6, n), 10, 400).astype(np.int32)
    return Applicants(
        seed=seed, countries=countries, country_index=country, occupations=occupations,
        occupation_index=occupation, profession=profession, monthly_income=income,
        income_currency=currency, work_arrangement=work, employer_country=employer,
        has_local_employment=(work == b"local_employer") | (rng.random(n) < 0.03),
        criminal_record_clear=rng.random(n) < 0.97,
        has_invitation=rng.random(n) < 0.6,
        entry_offset=rng.integers(7, 90, n).astype(np.int32),
        insurance_start_offset=-rng.integers(0, 10, n).astype(np.int32),
        insurance_days=(365 + rng.integers(-30, 60, n)).astype(np.int32),
        investment_usd=np.round(rng.lognormal(np.log(120_000), 1.0, n), 2),
        investment_age_days=rng.integers(0, 5 * 365, n).astype(np.int32),
        investment_in_kazakhstan=rng.random(n) < 0.9,
        stay_offset=rng.integers(0, 60, n).astype(np.int32),
        stay_days=stay_days,
        has_policy=rng.random(n) < 0.8,
        cover_shortfall_days=np.where(rng.random(n) < 0.1, rng.integers(1, 30, n), 0).astype(
            np.int32),
    )


_cached: dict[tuple[int, int], Applicants] = {}
_cached_lock = threading.Lock()


def applicants_cached(n: int, seed: int = 2026) -> Applicants:
    """The same population, generated once per process (for the what-if page and API);
    a thread asking while another generates it waits instead of generating it again."""
    with _cached_lock:
        if (n, seed) not in _cached:
            _cached[n, seed] = applicants_generate(n, seed)
        return _cached[n, seed]
