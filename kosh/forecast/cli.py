"""``kosh forecast``: compute and store a forecast, run the back-test."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

forecast_app = typer.Typer(help="Population and migration forecasts by region.",
                           no_args_is_help=True)
DirOption = Annotated[Path | None, typer.Option(
    "--dir", help="synthetic nation (default: KOSH_FORECAST_DIR or var/synth)")]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")
    import django

    django.setup()


@forecast_app.command("run")
def run_command(
    scenario: str = "baseline", base_year: int = 2024, horizon: int = 10,
    trajectories: int = 200, seed: int = 20260101, directory: DirOption = None,
) -> None:
    """Compute and store a forecast; print the country's median and intervals. Exit 2,
    nothing written, on bad input."""
    _setup()
    from kosh.access.policy import system_actor
    from kosh.errors import DomainError

    from .selectors import national_rows
    from .services import forecast_run_create

    try:
        run = forecast_run_create(actor=system_actor(), scenario=scenario,
                                  base_year=base_year, horizon=horizon,
                                  trajectories=trajectories, seed=seed, directory=directory)
    except DomainError as err:
        typer.echo(f"refused ({err.code}): {err.message}", err=True)
        raise typer.Exit(2) from err
    typer.echo(f"forecast run #{run.pk} scenario={run.scenario} v{run.scenario_version} "
               f"base={run.base_year} horizon={run.horizon} trajectories={run.trajectories} "
               f"seed={run.seed} time={run.seconds:.2f}s")
    for r in national_rows(run):
        typer.echo(f"  {r['year']} median={r['median']:>12,.0f} "
                   f"80%=[{r['low80']:,.0f}; {r['high80']:,.0f}] "
                   f"95%=[{r['low95']:,.0f}; {r['high95']:,.0f}] working={r['working']:,.0f}")
    for i in run.summary.get("indicators", []):
        typer.echo(f"  indicator {i['number']} 2027: median {i['median']} {i['unit']} "
                   f"(80% {i['low80']}..{i['high80']}), target {i['target']}, "
                   f"P(met)={i['probability']:.2f}")


@forecast_app.command("backtest")
def backtest_command(directory: DirOption = None, seed: int = 2018,
                     trajectories: int = 1000) -> None:
    """Project every region from 1 Jan 2018 to 1 Jan 2023 on data up to 2018 and compare
    with the official figures: error by region, MAPE, share inside the 80 % interval."""
    _setup()
    from .backtest import BASE, TARGET, backtest_run
    from .estimate import registry_open
    from .regions import region_name
    from .services import forecast_dir

    result = backtest_run(registry_open(directory or forecast_dir()), seed=seed,
                          trajectories=trajectories)
    typer.echo(f"backtest {BASE}->{TARGET} regions={len(result.regions)} seed={seed} "
               f"trajectories={trajectories}")
    for r in result.regions:
        typer.echo(f"  {region_name(r.kato):26} actual={r.actual:>10,.0f} "
                   f"median={r.median:>10,.0f} 80%=[{r.low80:,.0f}; {r.high80:,.0f}] "
                   f"APE={r.ape:5.2f}% {'inside' if r.inside80 else 'OUTSIDE'}")
    typer.echo(f"MAPE={result.mape:.2f}% inside80={result.coverage80 * 100:.0f}%")
