"""Writes of the forecasts: computing and storing a run (summary in the database, arrays
cached in a file). A run with the same scenario version, base year, horizon,
trajectories, seed and inputs is computed once: asked again, the stored run is returned."""

from __future__ import annotations

import hashlib
import io
import os
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
from .models import ForecastRun
from .runs import BASE_YEARS, MAX_TRAJECTORIES, forecast_compute
from .scenarios import scenarios

DEFAULT_SEED = 20260101
MAX_HORIZON = 50


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
