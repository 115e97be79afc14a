"""Official published statistics beside the values Kosh computes: the figures the Bureau
of National Statistics (BNS) published, as press reports quote them with their address
(``data/migration_indicators_published.csv``, copied from the project's shared
statistics), matched to an indicator by its ``published`` entry in ``indicators.yaml``.
A figure for a whole year is compared with the computed value of that year (difference =
computed − published); a figure for part of a year is shown with its period only."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlparse

from .indicators import DEFINITIONS, Indicator

PUBLISHED = DEFINITIONS.parent / "migration_indicators_published.csv"
NATIONAL = "000000000"


@dataclass(frozen=True)
class Published:
    """One official figure of an indicator, in the indicator's unit, with the computed
    value of the same year and the difference where the figure covers the whole year."""

    period: str
    year: int
    whole_year: bool
    value: float
    source: str
    computed: float | None = None

    @property
    def difference(self) -> float | None:
        """Computed − published (for a whole year with a computed value), else None."""
        if not self.whole_year or self.computed is None:
            return None
        return round(self.computed - self.value, 6)

    @property
    def source_site(self) -> str:
        """The publishing site's host (what a page shows as the link's text)."""
        return urlparse(self.source).netloc.removeprefix("www.")


@cache
def _rows() -> tuple[dict[str, str], ...]:
    with PUBLISHED.open(encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


def published_values(indicator: Indicator, computed: dict[int, float] | None = None
                     ) -> list[Published]:
    """The official national figures of ``indicator`` (oldest first), each beside the
    ``computed`` value of its year."""
    spec = indicator.published
    if not spec:
        return []
    computed = computed or {}
    out = []
    for r in _rows():
        if r["indicator"] != spec["statistic"] or r["kato"] != NATIONAL:
            continue
        m = re.match(r"(\d{4})", r["period"])
        if not m:
            continue
        year = int(m.group(1))
        whole = r["period"] == m.group(1)
        out.append(Published(
            period=r["period"], year=year, whole_year=whole,
            value=round(float(r["value"]) * float(spec.get("factor", 1)), 6),
            source=r["source_url"], computed=computed.get(year) if whole else None))
    return sorted(out, key=lambda p: (p.year, p.period))
