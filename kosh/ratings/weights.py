"""The weights of the indicators in each rating: dated YAML values with their references
(``parameters/weights.yaml``, the same shape as the rules' parameters), or an analyst's file
of that shape. Weights that are negative, unknown or do not sum to 1 are refused."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

from kosh.errors import DomainError

WEIGHTS_FILE = Path(__file__).with_name("parameters") / "weights.yaml"
INDICATORS: tuple[str, ...] = ("vacancy_rate", "vacancy_duration", "vacancies_per_seeker",
                               "wage_growth", "foreign_share", "employer_demand",
                               "forecast_demand")
RATINGS: tuple[str, ...] = ("key_competences", "demanded_professions", "valuable_skills")
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Weights:
    """The weights in force: ``by_rating[rating][indicator]``, the key-competence priority
    thresholds (score ≥ first → priority 1, …), and the version (the dated value's day and
    the file's SHA-256) a run records."""

    by_rating: dict[str, dict[str, float]]
    priorities: tuple[float, ...]
    version: str
    reference: str


def _refuse(message: str, **kwargs: object) -> DomainError:
    return DomainError("weights_invalid", message % kwargs if kwargs else message,
                       field="weights")


def weights_validate(value: dict) -> tuple[dict[str, dict[str, float]], tuple[float, ...]]:
    """Check one dated value: every rating present, only known indicators, none negative,
    each rating's weights summing to 1; return the weights and priority thresholds."""
    out: dict[str, dict[str, float]] = {}
    for rating in RATINGS:
        given = value.get(rating) if isinstance(value, dict) else None
        if not isinstance(given, dict):
            raise _refuse(str(_("The weights of the rating %(rating)s are missing.")),
                          rating=rating)
        unknown = sorted(set(given) - set(INDICATORS))
        if unknown:
            raise _refuse(str(_("Unknown indicator in %(rating)s: %(names)s.")),
                          rating=rating, names=", ".join(unknown))
        weights = {name: float(given.get(name, 0.0)) for name in INDICATORS}
        if any(w < 0 for w in weights.values()):
            raise _refuse(str(_("A weight of %(rating)s is negative.")), rating=rating)
        total = sum(weights.values())
        if abs(total - 1.0) > TOLERANCE:
            raise _refuse(str(_("The weights of %(rating)s sum to %(total)s; they must sum "
                                "to 1.")), rating=rating, total=f"{total:.4f}")
        out[rating] = weights
    priorities = tuple(float(p) for p in value.get("priorities", (0.75, 0.6, 0.45)))
    if list(priorities) != sorted(priorities, reverse=True):
        raise _refuse(str(_("The priority thresholds must decrease.")))
    return out, priorities


def weights_for(on: date, path: Path | None = None) -> Weights:
    """The weights in force on ``on`` (the last dated value not after it) from ``path``
    (default: the shipped parameters); refused with ``DomainError`` if none is in force or
    the value is invalid."""
    source = path or WEIGHTS_FILE
    try:
        raw = source.read_bytes()
        document = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as err:
        raise _refuse(str(_("The weights file cannot be read: %(error)s")),
                      error=str(err)) from err
    values = document.get("values") if isinstance(document, dict) else None
    if not isinstance(values, dict):
        raise _refuse(str(_("The weights file has no dated values.")))
    dated = sorted((date.fromisoformat(str(day)), entry) for day, entry in values.items())
    in_force = [(day, entry) for day, entry in dated if day <= on]
    if not in_force:
        raise _refuse(str(_("No weights are in force on %(day)s.")), day=on.isoformat())
    day, entry = in_force[-1]
    by_rating, priorities = weights_validate(entry.get("value") or {})
    digest = hashlib.sha256(raw).hexdigest()[:12]
    return Weights(by_rating=by_rating, priorities=priorities,
                   version=f"{day.isoformat()}@{digest}",
                   reference=str((entry.get("metadata") or {}).get("reference", "")))
