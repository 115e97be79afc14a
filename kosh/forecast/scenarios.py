"""Scenarios as data: one YAML file per built-in scenario in ``scenarios/`` (code,
version, titles, levers), and analysts' own scenarios saved in the database
(``ForecastScenario``, versioned). Applying a scenario turns the estimated rates into
the rates of the scenario."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from .estimate import Flows
from .model import Rates
from .regions import INDEX

DIRECTORY = Path(__file__).resolve().parent / "scenarios"
LEVERS = ("fertility", "internal", "emigration", "immigration", "resettlement", "kandas",
          "neo_nomad")
#: Where settling Neo Nomad visa holders live (*assumption*): Almaty, Astana, the rest by
#: population.
NEO_NOMAD_SPLIT = {"750000000": 0.55, "710000000": 0.35}
#: The values an analyst's scenario may give each lever (inclusive): multipliers within
#: the model's ×¼…×4 (fertility ×½…×1½), resettlement up to five times the observed
#: transfers, kandas 0 (none) to 4 times, Neo Nomad up to 10 times the yearly applicants.
LEVER_BOUNDS: dict[str, tuple[float, float]] = {
    "fertility": (0.5, 1.5), "internal": (0.25, 4.0), "emigration": (0.25, 4.0),
    "immigration": (0.25, 4.0), "resettlement": (0.0, 5.0), "kandas": (0.0, 4.0),
    "neo_nomad": (0.0, 10.0)}


@dataclass(frozen=True)
class Scenario:
    """One scenario file: its code, version, titles and descriptions (kk/ru/en) and levers."""

    code: str
    version: int
    title: dict[str, str]
    description: dict[str, str]
    levers: dict[str, float]
    author: str = ""
    builtin: bool = True

    @property
    def sha256(self) -> str:
        body = json.dumps({"code": self.code, "version": self.version, "levers": self.levers},
                          sort_keys=True)
        return hashlib.sha256(body.encode()).hexdigest()

    def label(self, language: str) -> str:
        return self.title.get(language) or self.title["en"]


def _read(path: Path) -> Scenario:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    levers = {k: float(raw["levers"][k]) for k in LEVERS}
    if any(v < 0 for v in levers.values()) or raw["code"] != path.stem:
        raise ValueError(f"bad scenario file {path.name}")
    return Scenario(code=raw["code"], version=int(raw["version"]), title=raw["title"],
                    description=raw["description"], levers=levers)


@cache
def builtin_scenarios() -> dict[str, Scenario]:
    """The shipped scenarios by code, baseline first."""
    found = {p.stem: _read(p) for p in sorted(DIRECTORY.glob("*.yaml"))}
    return {"baseline": found.pop("baseline"), **found}


def scenarios() -> dict[str, Scenario]:
    """Every scenario a run can use by code: the shipped ones, then the latest version of
    each analyst's scenario."""
    from .models import ForecastScenario

    out = dict(builtin_scenarios())
    for row in ForecastScenario.objects.order_by("code", "-version"):
        if row.code in out:
            continue  # an older version (or a shipped code, refused when saved)
        title = {lang: row.title for lang in ("kk", "ru", "en")}
        out[row.code] = Scenario(
            code=row.code, version=row.version, title=title,
            description={lang: row.description for lang in title},
            levers={k: float(row.levers[k]) for k in LEVERS}, author=row.created_by_name,
            builtin=False)
    return out


def scenario_get(code: str) -> Scenario:
    """The scenario ``code``: a shipped one (read without the database) or the latest
    version of an analyst's; ``KeyError`` when there is none."""
    found = builtin_scenarios().get(code)
    return found if found is not None else scenarios()[code]


def scenario_apply(scenario: Scenario, rates: Rates, flows: Flows,
                   population: np.ndarray) -> Rates:
    """The rates of ``scenario``: multipliers on fertility, internal out-rates, emigration
    and arrivals; the resettlement moves as transfers; extra kandas arrivals (the lever
    minus one, by the registry's kandas by region, age and sex); settling Neo Nomad
    applicants (``population``, (R,), spreads those outside Almaty and Astana)."""
    lv = scenario.levers
    immigration = rates.immigration * lv["immigration"] \
        + flows.kandas * (lv["kandas"] - 1.0)
    if lv["neo_nomad"] > 0:
        rest = population.astype(float).copy()
        for kato in NEO_NOMAD_SPLIT:
            rest[INDEX[kato]] = 0.0
        split = rest / rest.sum() * (1 - sum(NEO_NOMAD_SPLIT.values()))
        for kato, share in NEO_NOMAD_SPLIT.items():
            split[INDEX[kato]] = share
        immigration = immigration + lv["neo_nomad"] * split[:, None, None] * flows.neo_nomad
    return replace(
        rates, fertility=rates.fertility * lv["fertility"],
        out_rate=rates.out_rate * lv["internal"], emigration=rates.emigration * lv["emigration"],
        immigration=np.maximum(immigration, 0.0),
        transfers=flows.resettlement * lv["resettlement"])
