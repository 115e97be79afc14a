"""A small hand-made snapshot with known answers (docs/monitoring.md, "Tests")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

AS_OF = dt.date(2026, 11, 30)
A1, A2 = "711110000", "711210000"  # Astana: Almaty district, Esil (urban)
K1, K2 = "111000000", "113200000"  # Akmola: Kokshetau (urban), Akkol (rural)
E1 = "634000000"  # East Kazakhstan: Glubokoe (rural)
L1 = "751110000"  # Almaty city: Almaly (urban)
AST, ALA, AKM, EKO = "710000000", "750000000", "110000000", "630000000"

EVENTS = [
    # event_id, person_id, date, kind, from_region, from_district, to_region, to_district
    (1, 1, "2023-01-05", "internal", AKM, K2, AST, A1),
    (2, 2, "2023-01-20", "internal", AKM, K1, AST, A1),
    (3, 3, "2023-02-10", "internal", EKO, E1, ALA, L1),
    (4, 4, "2023-02-11", "internal", AST, A1, AST, A2),
    (5, 5, "2023-03-01", "resettlement", AKM, K2, EKO, E1),
    (6, 1, "2024-06-01", "internal", AST, A1, AKM, K1),
    (7, 2, "2023-01-20", "internal", AKM, K1, AST, A1),  # duplicate of 2
    (8, 6, "2023-05-01", "internal", "990000000", "999999999", AST, A1),  # unknown
    (9, 7, "2027-01-01", "internal", AKM, K1, AST, A1),  # future
    (10, 8, "2023-03-15", "internal", AKM, K1, AKM, K2),
    (11, 9, "2023-04-01", "internal", AST, K1, AKM, K2),  # origin region wrong: Akmola
]
PERSONS = [
    # id, birth_date, sex
    (1, "1990-06-15", "M"), (2, "2000-01-01", "F"), (3, "1950-01-01", "M"),
    (4, "2010-03-03", "F"), (5, "1985-12-31", "M"), (6, "1980-01-01", "M"),
    (7, "1980-01-01", "F"), (8, "1995-02-01", "F"),
]


# external_migration: year, direction, region, age, education → indicator 1 (2023: 4 − 1 =
# +3 persons = 0.003 thousand at scale 1) and 5 (2023 arrivals 15+: 2 of 3 skilled)
EXTERNAL = [
    (2023, "arrival", AST, 30, "higher"), (2023, "arrival", AST, 40, "vocational"),
    (2023, "arrival", AKM, 20, "secondary"), (2023, "arrival", AKM, 10, "none"),
    (2023, "departure", AST, 50, "higher"),
]
# household_permits: issued_on, region, monitored → indicator 6 (2024: 1 of 4 = 25 %)
PERMITS = [("2024-02-01", AST, True), ("2024-03-01", AST, False),
           ("2024-04-01", AKM, False), ("2024-05-01", AKM, False)]
# settler_outcomes: year, district, employed → indicator 8 (2023: 3 of 4 = 75 %)
OUTCOMES = [(2023, K1, True), (2023, K2, True), (2023, E1, True), (2023, E1, False)]


def write_snapshot(directory: Path) -> Path:
    """Write ``registration_events``, ``persons``, ``external_migration``,
    ``household_permits`` and ``settler_outcomes`` (Parquet) into ``directory``."""
    events = pd.DataFrame(EVENTS, columns=["event_id", "person_id", "date", "kind",
                                           "from_region", "from_district", "to_region",
                                           "to_district"])
    events["date"] = pd.to_datetime(events["date"]).dt.date
    events["interregional"] = events.from_region != events.to_region
    persons = pd.DataFrame(PERSONS, columns=["id", "birth_date", "sex"])
    persons["birth_date"] = pd.to_datetime(persons["birth_date"]).dt.date
    directory.mkdir(parents=True, exist_ok=True)
    events.to_parquet(directory / "registration_events.parquet", index=False)
    persons.to_parquet(directory / "persons.parquet", index=False)
    pd.DataFrame(EXTERNAL, columns=["year", "direction", "region", "age", "education"]
                 ).to_parquet(directory / "external_migration.parquet", index=False)
    permits = pd.DataFrame(PERMITS, columns=["issued_on", "region", "monitored"])
    permits["issued_on"] = pd.to_datetime(permits["issued_on"]).dt.date
    permits.to_parquet(directory / "household_permits.parquet", index=False)
    pd.DataFrame(OUTCOMES, columns=["year", "district", "employed"]).to_parquet(
        directory / "settler_outcomes.parquet", index=False)
    return directory
