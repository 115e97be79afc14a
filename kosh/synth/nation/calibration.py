"""How close a generated nation is to the figures it is calibrated to: one check per
figure, computed with DuckDB over the Parquet files (``kosh synth check``, the tests and
the table in docs/synthetic-data.md).

Counts are compared as national equivalents (observed ÷ scale). Shares drawn at random
get a tolerance that widens for small samples (four standard errors, at least the stated
one); counts fixed by construction get a tight one."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import duckdb

from . import targets as T
from .geography import NORTH_EAST, geography


@dataclass(frozen=True)
class Check:
    name: str
    source: str
    target: float
    observed: float
    tolerance: float  # absolute, in the unit of target
    at_least: bool = False  # the target is a floor, not a value to be near

    @property
    def ok(self) -> bool:
        if self.at_least:
            return self.observed >= self.target
        return abs(self.observed - self.target) <= self.tolerance


def _share_tolerance(p: float, n: int, base: float) -> float:
    return max(base, 4 * math.sqrt(p * (1 - p) / max(n, 1)))


class _Nation:
    def __init__(self, directory: Path) -> None:
        self.dir = Path(directory)
        self.scale = json.loads((self.dir / "manifest.json").read_text())["scale"]
        self.con = duckdb.connect()

    def one(self, sql: str) -> tuple:
        for name in ("persons", "registration_events", "external_migration", "kandas",
                     "settler_outcomes", "household_permits", "work_permits",
                     "emigrant_workers", "refugees", "resettlers"):
            sql = sql.replace(f"{{{name}}}", f"read_parquet('{self.dir / name}.parquet')")
        return self.con.execute(sql).fetchone()


def _in(katos) -> str:
    return "(" + ", ".join(f"'{k}'" for k in katos) + ")"


def calibration_checks(directory: Path) -> list[Check]:
    """Every check of the nation in ``directory``."""
    nat = _Nation(directory)
    s = nat.scale
    geo = geography()
    out: list[Check] = []

    def count(name: str, source: str, target: float, observed: float, rel: float,
              floor: float = 0.0) -> None:
        """A count compared as a national equivalent; ``floor`` is the smallest count the
        generator writes (its rounding is allowed for)."""
        tol = target * rel + max(1.0, floor) / s
        out.append(Check(name, source, target, observed / s, tol))

    def share(name: str, source: str, target: float, observed: float, n: int,
              base: float, exact: bool = False) -> None:
        """A share drawn at random from ``n`` units, or fixed up to rounding (``exact``)."""
        tol = base + 1 / max(n, 1) if exact else _share_tolerance(target, n, base)
        out.append(Check(name, source, target, observed, tol))

    dupes, = nat.one("SELECT count(*) - count(DISTINCT iin) FROM {persons} WHERE iin "
                     "IS NOT NULL")
    out.append(Check("persons sharing an IIN", "IIN rules (identifiers.py): unique", 0,
                     dupes, 0))
    residents, = nat.one("SELECT count(*) FROM {persons} WHERE resident")
    count("population, 1 Jan 2024", "migration_indicators_published.csv: population "
          "2024-01-01", T.POPULATION, residents, 0.0005)
    lo_m, hi_m = T.WORKING_AGE["M"]
    lo_f, hi_f = T.WORKING_AGE["F"]
    working, = nat.one(
        "SELECT avg(CASE WHEN sex = 'M' THEN a BETWEEN " + f"{lo_m} AND {hi_m} ELSE a BETWEEN "
        f"{lo_f} AND {hi_f} END::int) FROM (SELECT sex, date_diff('year', birth_date, "
        "DATE '2024-01-01') - (strftime(birth_date, '%m%d') > '0101')::int AS a FROM "
        "{persons} WHERE resident)")
    share("working-age share (men 16-62, women 16-60)", "concept §2: 57.7 % at the start "
          "of 2022", T.WORKING_AGE_SHARE, working, residents, 0.005)
    regional = nat.con.execute(
        f"SELECT region, count(*) FROM read_parquet('{nat.dir / 'persons.parquet'}') "
        "WHERE resident GROUP BY 1").fetchall()
    observed = {k: c / residents for k, c in regional}
    worst = max(geo.regions, key=lambda k: abs(observed.get(k, 0) - geo.region_share[
        geo.region_index(k)]))
    p = geo.region_share[geo.region_index(worst)]
    share(f"regional share, largest gap ({worst})", "population_by_region_sex_area_2000_"
          "2023.csv: 2023, total, all", p, observed.get(worst, 0.0), residents, 0.005)
    urban, = nat.one("SELECT avg(urban::int) FROM {persons} WHERE resident")
    national_urban = float((geo.urban_share * geo.region_share).sum())
    share("urban share", "population_by_region_sex_area_2000_2023.csv: 2023 urban",
          national_urban, urban, residents, 0.01)

    ne, n21 = nat.one("SELECT avg((to_region IN " + _in(NORTH_EAST) + ")::int), count(*) "
                      "FROM {registration_events} WHERE interregional AND year(date) = 2021")
    share("inter-regional arrivals to north and east, 2021", "concept indicator 10: 12.6 %",
          T.NORTH_EAST_SHARE, ne, n21, 0.001, exact=True)
    events, = nat.one("SELECT count(*) FROM {registration_events}")
    out.append(Check("registration events 2019-2025 (at least)", "issue 3: ≥ 5 M at scale "
                     "1.0", 5_000_000, events / s, 0, at_least=True))
    for kato, target in T.ARRIVALS_2023_JAN_SEP.items():
        got, = nat.one("SELECT count(*) FROM {registration_events} WHERE interregional AND "
                       f"to_region = '{kato}' AND date BETWEEN '2023-01-01' AND '2023-09-30'")
        count(f"inter-regional arrivals to {T.REGION_NAMES[kato]}, Jan-Sep 2023",
              "migration_indicators_published.csv: internal_migration_arrivals 2023-01..09",
              target, got, 0.06)
    for kato, target in T.INTERREGIONAL_BALANCE_2022.items():
        if target < 5000:
            continue
        got, = nat.one(
            "SELECT sum(CASE WHEN to_region = " + f"'{kato}' THEN 1 ELSE -1 END) FROM "
            "{registration_events} WHERE interregional AND year(date) = 2022 AND "
            f"'{kato}' IN (to_region, from_region)")
        count(f"inter-regional balance of {T.REGION_NAMES[kato]}, 2022",
              "migration_indicators_published.csv: "
              "interregional_migration_balance 2022", target, got, 0.08)

    for year, source in ((2021, "concept indicator 1: −21.2 k"),
                         (2022, "migration_indicators_published.csv: external 2022"),
                         (2025, "INSTRUMENTS §0.1: +16.1 k (baq.kz)")):
        got, = nat.one("SELECT sum(CASE WHEN direction = 'arrival' THEN 1 ELSE -1 END) "
                       f"FROM {{external_migration}} WHERE year = {year}")
        arrivals, departures = T.EXTERNAL[year]
        count(f"external migration balance {year}", source, arrivals - departures, got,
              0.0, 2)
    skilled, adults = nat.one(
        "SELECT avg((education IN ('higher', 'vocational'))::int), count(*) FROM "
        "{external_migration} WHERE year = 2021 AND direction = 'arrival' AND age >= 15")
    share("skilled share of arrivals aged 15+, 2021", "concept indicator 5: 58.3 %",
          T.SKILLED_ARRIVALS_2021, skilled, adults, 0.001, exact=True)

    for year in (2022, 2025):
        got, = nat.one("SELECT count(*) FROM {kandas} WHERE cohort = '2019-2025' AND "
                       f"year(arrived_on) = {year}")
        count(f"kandas arrived {year}", "INSTRUMENTS §13.1 / migration_indicators_published"
              ".csv", T.KANDAS[year], got, 0.0, 8)
    total, = nat.one("SELECT count(*) FROM {kandas}")
    count("kandas since 1991, end of 2025", "INSTRUMENTS §13.1: 1,164.8 k",
          T.KANDAS_CUMULATIVE_END_2025, total, 0.001, 60)
    for country in ("UZB", "CHN"):
        got, n = nat.one("SELECT avg((origin_country = " + f"'{country}')::int), count(*) "
                         "FROM {kandas} WHERE cohort = '2019-2025' AND year(arrived_on) = 2023")
        share(f"kandas from {country}, 2023", "INSTRUMENTS §13.1: 2023 origin shares",
              T.KANDAS_ORIGINS[2023][country], got, n // 3, 0.02)
    got, n = nat.one("SELECT avg((region = '190000000')::int), count(*) FROM {kandas} "
                     "WHERE cohort = '2019-2025' AND year(arrived_on) = 2023")
    share("kandas settling in Almaty Region, 2023", "migration_indicators_published.csv: "
          "kandas_settlement_share 2023", T.KANDAS_SETTLEMENT_2023["190000000"], got,
          n // 3, 0.03)
    got, n = nat.one("SELECT avg(employed::int), count(*) FROM {settler_outcomes} "
                     "WHERE year = 2021")
    share("employment of working-age kandas and resettlers, 2021", "concept indicator 8: "
          "80 %", T.EMPLOYMENT_RATE_2021, got, n // 2, 0.02)
    got, = nat.one("SELECT count(*) FROM {resettlers} WHERE year(moved_on) = 2025")
    count("resettlers moved 2025", "INSTRUMENTS §6: 3,488 by 1 Oct 2025 × 12/9",
          T.RESETTLERS[2025], got, 0.0, 6)

    got, = nat.one("SELECT count(*) FROM {household_permits} WHERE year(issued_on) = 2023")
    count("household-worker permits 2023", "INSTRUMENTS §8 / migration_indicators_published"
          ".csv: 295,261", T.HOUSEHOLD_PERMITS[2023], got, 0.0, 10)
    got, = nat.one("SELECT count(*) FROM {household_permits}")
    out.append(Check("household-worker permits 2019-2025 (at least)", "concept §1: more "
                     "than 1.6 million", T.HOUSEHOLD_PERMITS_FLOOR, got / s, 0, at_least=True))
    got, = nat.one("SELECT count(*) FROM {work_permits} WHERE quota_year = 2023")
    count("work permits 2023", "INSTRUMENTS §7: 14.5 k", T.WORK_PERMITS[2023], got, 0.0, 5)
    for day, stock in (("2023-03-31", T.EMIGRANT_WORKERS_2023),
                       ("2025-06-30", T.EMIGRANT_WORKERS_2025)):
        got, = nat.one(f"SELECT count(*) FROM {{emigrant_workers}} WHERE started_on <= "
                       f"'{day}' AND (ended_on IS NULL OR ended_on > '{day}')")
        count(f"citizens working abroad on {day}", "INSTRUMENTS §12 (sarbaz.kz, timesca.com)",
              sum(stock.values()), got, 0.01, len(stock))
    if s * T.REFUGEES_END_2025 >= 20:
        got, = nat.one("SELECT count(*) FROM {refugees} WHERE status = 'refugee'")
        count("refugees, end of 2025", "INSTRUMENTS §11: 301", T.REFUGEES_END_2025, got,
              0.0, 2)
    return out
