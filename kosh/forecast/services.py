"""Writes of the forecasts: computing and storing a run (summary in the database, arrays
cached in a file). A run with the same scenario version, base year, horizon,
trajectories, seed and inputs is computed once: asked again, the stored run is returned."""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError
from kosh.ratings.snapshot import snapshot_dir

from .estimate import registry_open
from .models import ForecastRun, ForecastScenario
from .runs import BASE_YEARS, MAX_TRAJECTORIES, forecast_compute
from .scenarios import LEVER_BOUNDS, LEVERS, builtin_scenarios, scenarios

DEFAULT_SEED = 20260101
MAX_HORIZON = 50
#: An analyst's scenario code.
CODE = re.compile(r"[a-z][a-z0-9_]{2,39}")


def forecast_dir() -> Path:
    """The synthetic nation the forecasts read: ``KOSH_FORECAST_DIR`` (environment or
    setting), else the ratings' snapshot (``KOSH_RATINGS_DIR``, else the demo's
    ``var/synth``)."""
    configured = os.environ.get("KOSH_FORECAST_DIR") or getattr(settings, "KOSH_FORECAST_DIR",
                                                                "")
    return Path(configured) if configured else snapshot_dir()


def cache_dir() -> Path:
    """Where run arrays are cached: ``KOSH_FORECAST_CACHE``, else ``var/forecast``."""
    configured = os.environ.get("KOSH_FORECAST_CACHE") or getattr(
        settings, "KOSH_FORECAST_CACHE", "")
    return Path(configured) if configured else Path(settings.BASE_DIR).parent / "var" \
        / "forecast"


def _checked(*, scenario: str, base_year: int, horizon: int, trajectories: int,
             directory: Path) -> None:
    if scenario not in scenarios():
        raise DomainError("unknown_scenario", _("There is no scenario %(code)s.")
                          % {"code": scenario}, field="scenario")
    if base_year not in BASE_YEARS:
        raise DomainError("bad_base_year", _("The base year must be between %(first)s and "
                                             "%(last)s.")
                          % {"first": BASE_YEARS[0], "last": BASE_YEARS[-1]}, field="base_year")
    if not 1 <= horizon <= MAX_HORIZON:
        raise DomainError("bad_horizon", _("The horizon must be 1 to %(max)s years.")
                          % {"max": MAX_HORIZON}, field="horizon")
    if not 10 <= trajectories <= MAX_TRAJECTORIES:
        raise DomainError("bad_trajectories", _("Trajectories must be 10 to %(max)s.")
                          % {"max": MAX_TRAJECTORIES}, field="trajectories")
    if not (directory / "manifest.json").exists():
        raise DomainError("no_data", _("No synthetic nation in %(dir)s: run kosh synth "
                                       "first.") % {"dir": directory})


def forecast_run_create(*, actor: Actor, scenario: str, base_year: int, horizon: int,
                        trajectories: int = 200, seed: int = DEFAULT_SEED,
                        directory: Path | None = None) -> ForecastRun:
    """Compute and store a forecast (``run_whatif`` capability); every check comes before
    any write. The same request on the same inputs returns the run already stored."""
    actor.require(Capability.RUN_WHATIF)
    directory = directory or forecast_dir()
    _checked(scenario=scenario, base_year=base_year, horizon=horizon,
             trajectories=trajectories, directory=directory)
    chosen = scenarios()[scenario]
    inputs = registry_open(directory).sha256
    existing = ForecastRun.objects.filter(
        scenario=scenario, scenario_version=chosen.version, base_year=base_year,
        horizon=horizon, trajectories=trajectories, seed=seed, inputs=inputs).first()
    if existing is not None:
        return existing
    computed = forecast_compute(directory=directory, scenario=chosen, base_year=base_year,
                                horizon=horizon, trajectories=trajectories, seed=seed)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **computed.arrays)
    body = buffer.getvalue()
    sha = hashlib.sha256(body).hexdigest()
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"forecast-{sha[:16]}.npz"
    path.write_bytes(body)
    with transaction.atomic():
        run = ForecastRun.objects.create(
            scenario=scenario, scenario_version=chosen.version, levers=chosen.levers,
            base_year=base_year, horizon=horizon, trajectories=trajectories, seed=seed,
            inputs=computed.inputs, fitted=computed.fitted, summary=computed.summary,
            arrays_file=str(path), arrays_sha256=sha, seconds=computed.summary["seconds"],
            created_by=actor.user)
        audit_record(actor=actor, action="create", object_type="forecast_run",
                     object_id=run.pk,
                     after={"scenario": scenario, "version": chosen.version,
                            "base_year": base_year, "horizon": horizon,
                            "trajectories": trajectories, "seed": seed})
    return run


def _lever_checked(name: str, value: object) -> float:
    low, high = LEVER_BOUNDS[name]
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not low <= value <= high:
        raise DomainError("bad_lever", _("The lever %(lever)s must be a number from %(low)s "
                                         "to %(high)s.")
                          % {"lever": name, "low": low, "high": high}, field=name)
    return float(value)


def forecast_scenario_save(*, actor: Actor, code: str, title: str,
                           levers: dict[str, object], description: str = ""
                           ) -> ForecastScenario:
    """Save an analyst's scenario (``run_whatif``) as the next version of ``code`` (levers
    not given keep the baseline's value). Refused, with nothing written: a code that is
    not 3–40 lower-case letters, digits or ``_`` or is a shipped scenario's, an empty
    title, an unknown lever or a value outside ``LEVER_BOUNDS``. Unchanged from the
    latest version: that version is returned and nothing is written."""
    actor.require(Capability.RUN_WHATIF)
    if not isinstance(code, str) or not CODE.fullmatch(code):
        raise DomainError("bad_scenario_code", _("The code must be 3 to 40 lower-case "
                                                 "Latin letters, digits or _, starting "
                                                 "with a letter."), field="code")
    if code in builtin_scenarios():
        raise DomainError("builtin_scenario", _("%(code)s is a shipped scenario: choose "
                                                "another code.") % {"code": code},
                          field="code")
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise DomainError("bad_title", _("The title must be 1 to 120 characters."),
                          field="title")
    unknown = sorted(set(levers) - set(LEVERS))
    if unknown:
        raise DomainError("bad_lever", _("Unknown lever %(lever)s.")
                          % {"lever": unknown[0]}, field="levers")
    base = builtin_scenarios()["baseline"].levers
    checked = {k: _lever_checked(k, levers[k]) if k in levers else base[k] for k in LEVERS}
    description = (description or "").strip()[:2000]
    with transaction.atomic():
        latest = ForecastScenario.objects.select_for_update().filter(code=code) \
            .order_by("-version").first()
        if latest is not None and latest.levers == checked and latest.title == title \
                and latest.description == description:
            return latest
        saved = ForecastScenario.objects.create(
            code=code, version=(latest.version + 1) if latest else 1, title=title,
            description=description, levers=checked, created_by=actor.user,
            created_by_name=actor.user.get_username() if actor.user else "system")
        audit_record(actor=actor, action="create", object_type="forecast_scenario",
                     object_id=saved.pk,
                     after={"code": code, "version": saved.version, "title": title,
                            "levers": checked})
    return saved
