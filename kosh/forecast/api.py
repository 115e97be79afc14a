"""The forecast API, mounted at ``/api/forecast``: scenarios, computing and reading stored
runs (aggregates only), and labour supply by region. Every operation calls the same
selectors and services as the console."""

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router

from kosh.access.policy import Actor, Capability, actor_for
from kosh.api.schemas import ErrorOut
from kosh.errors import DomainError

from . import selectors
from .labour import labour_supply_by_region
from .models import ForecastRun
from .scenarios import Scenario, scenarios
from .schemas import (
    ForecastRegionOut,
    ForecastRunOut,
    ForecastScenarioIn,
    NationalOut,
    RunIn,
    ScenarioOut,
    SupplyOut,
    YearQuery,
)
from .services import forecast_dir, forecast_run_create, forecast_scenario_save

router = Router(tags=["forecast"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user, channel="api")


def _run_out(run: ForecastRun) -> ForecastRunOut:
    return ForecastRunOut(id=run.pk, scenario=run.scenario, scenario_version=run.scenario_version,
                  levers=run.levers, base_year=run.base_year, horizon=run.horizon,
                  trajectories=run.trajectories, seed=run.seed, inputs=run.inputs,
                  seconds=run.seconds, created_at=run.created_at,
                  years=run.summary["years"], indicators=run.summary.get("indicators", []))


@router.get("/scenarios", response={200: list[ScenarioOut], **ERRORS})
def scenario_list(request: HttpRequest) -> list[ScenarioOut]:
    """The scenarios (code, version, titles, levers) a run can use."""
    _actor(request).require(Capability.VIEW_AGGREGATES)
    return [_scenario_out(s) for s in scenarios().values()]


def _scenario_out(s: Scenario) -> ScenarioOut:
    return ScenarioOut(code=s.code, version=s.version, title=s.title,
                       description=s.description, levers=s.levers, builtin=s.builtin,
                       author=s.author)


@router.post("/scenarios", response={200: ScenarioOut, **ERRORS})
def scenario_save(request: HttpRequest, body: ForecastScenarioIn) -> ScenarioOut:
    """Save an analyst's scenario (``run_whatif``) as the next version of its code; 422
    for a bad code, a shipped code, an empty title, an unknown lever or a value outside
    its bounds (nothing saved). Unchanged levers and title return the latest version."""
    saved = forecast_scenario_save(actor=_actor(request), code=body.code, title=body.title,
                                   description=body.description, levers=body.levers)
    return _scenario_out(scenarios()[saved.code])


@router.get("/runs", response={200: list[ForecastRunOut], **ERRORS})
def run_list(request: HttpRequest) -> list[ForecastRunOut]:
    """Stored runs, newest first (at most 100)."""
    return [_run_out(r) for r in selectors.forecast_runs(actor=_actor(request))[:100]]


@router.post("/runs", response={200: ForecastRunOut, **ERRORS})
def run_create(request: HttpRequest, body: RunIn) -> ForecastRunOut:
    """Compute and store a forecast (``run_whatif``); the same request on the same inputs
    returns the stored run. 422 when no synthetic nation is there to read."""
    return _run_out(forecast_run_create(
        actor=_actor(request), scenario=body.scenario, base_year=body.base_year,
        horizon=body.horizon, trajectories=body.trajectories, seed=body.seed))


@router.get("/runs/{int:run_id}", response={200: ForecastRunOut, **ERRORS})
def run_detail(request: HttpRequest, run_id: int) -> ForecastRunOut:
    """One stored run and its 2027 target indicators."""
    return _run_out(selectors.forecast_run_get(actor=_actor(request), run_id=run_id))


@router.get("/runs/{int:run_id}/national", response={200: list[NationalOut], **ERRORS})
def run_national(request: HttpRequest, run_id: int) -> list[NationalOut]:
    """The country by year: median population and working age with 80 % and 95 %
    intervals."""
    run = selectors.forecast_run_get(actor=_actor(request), run_id=run_id)
    return [NationalOut(**r) for r in selectors.national_rows(run)]


@router.get("/runs/{int:run_id}/regions", response={200: list[ForecastRegionOut], **ERRORS})
def run_regions(request: HttpRequest, run_id: int,
                year: Query[YearQuery | None] = None) -> list[ForecastRegionOut]:
    """Regions at 1 January of ``year`` (default: the last): central population by sex
    and working age, intervals of the total, the year's flows. 404 for a year outside
    the run."""
    run = selectors.forecast_run_get(actor=_actor(request), run_id=run_id)
    years = run.summary["years"]
    if year is not None and year not in years:
        raise Http404
    rows = selectors.region_rows(run, year=year or years[-1],
                                 language=(get_language() or "en")[:2])
    return [ForecastRegionOut(**r) for r in rows]


@router.get("/labour-supply", response={200: list[SupplyOut], **ERRORS})
def labour_supply(request: HttpRequest, year: Query[YearQuery],
                  scenario: str = "baseline") -> list[SupplyOut]:
    """Working-age persons by region at 1 January ``year`` (2024 onwards) on the central
    path of ``scenario`` — the supply side of the key competences rating."""
    _actor(request).require(Capability.VIEW_AGGREGATES)
    if scenario not in scenarios():
        raise DomainError("unknown_scenario", _("There is no scenario %(code)s.")
                          % {"code": scenario}, field="scenario")
    if year < 2024:
        raise DomainError("bad_year", _("Labour supply is projected from 2024."), field="year")
    if not (forecast_dir() / "manifest.json").exists():
        raise DomainError("no_data", _("No synthetic nation to read: run kosh synth first."))
    return [SupplyOut(kato=k, working_age=round(v, 1))
            for k, v in labour_supply_by_region(year=year, scenario=scenario).items()]
