"""Back-test of the ratings on the synthetic nation: the rating of year *t* (from
*t*−3..*t*−1) against the occupations truly in shortage in year *t*.

The generator (``kosh.synth.nation.market``) records no shortage table in ``truth/``; it
draws each month's new vacancies and registered job seekers of a unit group and region
from Poisson intensities. Shortage is derived the way the generator defines the market:

* ``generator`` truth: the expected vacancies per expected job seeker of the unit group
  in year *t* — its ISCO major group's share of vacancies ÷ its share of job seekers
  (``VACANCY_MAJOR`` / ``SEEKER_MAJOR``; the unit-group weights and the regional factors
  cancel out nationally, so unit groups of one major group tie);
* ``observed`` truth: the vacancies per job seeker the generator actually drew in year
  *t* (national), which the rating has not seen.

The occupations "truly in shortage" are the top 20 of the truth (with ties at the 20th
value all counted); precision at 20 is the share of the rating's top 20 among them, and
the Spearman correlation is taken over all the unit groups the rating ranks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kosh.synth.nation.market import SEEKER_MAJOR, VACANCY_MAJOR

from .cycle import ratings_table
from .snapshot import Snapshot
from .weights import Weights

TOP = 20


@dataclass(frozen=True)
class BackTest:
    """The figures of one back-test."""

    year: int
    rating: str
    truth: str
    occupations: int
    precision_at_20: float
    spearman: float


def _truth(snapshot: Snapshot, year: int, truth: str, codes: pd.Series) -> pd.Series:
    if truth == "generator":
        major = codes.str[0].astype(int)
        ratio = np.array(VACANCY_MAJOR) / np.maximum(np.array(SEEKER_MAJOR), 1e-9)
        return pd.Series(ratio[major.to_numpy()], index=codes.to_numpy())
    lm = snapshot.tables["labour_market"]
    lm = lm.filter(lm.month.year() == year)
    frame = lm.group_by("isco08").agg(v=lm.vacancies.sum(), s=lm.job_seekers.sum()).execute()
    observed = frame.set_index("isco08")
    observed = observed.v / observed.s.clip(lower=1)
    return observed.reindex(codes.to_numpy()).fillna(0.0)


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation (average ranks for ties; 0 when one side is constant)."""
    ra = pd.Series(a).rank().to_numpy()
    rb = pd.Series(b).rank().to_numpy()
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def backtest(snapshot: Snapshot, *, year: int, weights: Weights,
             rating: str = "key_competences", truth: str = "generator") -> BackTest:
    """Score the ``rating`` of ``year`` against the ``truth`` of that year."""
    if truth not in ("generator", "observed"):
        raise ValueError(f"unknown truth {truth!r}")
    frame = ratings_table(snapshot, year=year, weights=weights).execute()
    frame = frame[frame[f"{rating}_rank"].notna()].sort_values(f"{rating}_rank")
    actual = _truth(snapshot, year, truth, frame.isco08)
    cutoff = actual.sort_values(ascending=False).iloc[min(TOP, len(actual)) - 1]
    in_shortage = set(actual[actual >= cutoff].index)
    top = list(frame.isco08.head(TOP))
    precision = sum(code in in_shortage for code in top) / len(top)
    rho = spearman(frame[rating].to_numpy(), actual.to_numpy())
    return BackTest(year=year, rating=rating, truth=truth, occupations=len(frame),
                    precision_at_20=round(float(precision), 3),
                    spearman=round(float(rho), 3))
