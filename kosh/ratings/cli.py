"""``kosh ratings``: compute and store the yearly cycle, back-test it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

ratings_app = typer.Typer(help="Key competences, demanded professions, valuable skills.",
                          no_args_is_help=True)
DirOption = Annotated[Path | None, typer.Option(
    "--dir", help="Parquet snapshot (default: KOSH_RATINGS_DIR or var/synth)")]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")
    import django

    django.setup()


@ratings_app.command("compute")
def compute(
    year: int,
    directory: DirOption = None,
    region: Annotated[str, typer.Option(help="KATO region code (default: the country)")] = "",
    weights: Annotated[Path | None, typer.Option(help="weights YAML (default: shipped)")] = None,
    on: Annotated[str, typer.Option(help="day the weights are in force (YYYY-MM-DD)")] = "",
) -> None:
    """Compute the ratings of YEAR from YEAR−3..YEAR−1 and the quota proposal; store the
    run (inputs' SHA-256, weights version, results). Exit 2, nothing written, on bad input."""
    _setup()
    from rich.progress import Progress

    from kosh.access.policy import system_actor
    from kosh.errors import DomainError

    from .cycle import STAGES
    from .services import rating_run_create
    from .snapshot import snapshot_dir

    with Progress(transient=True) as bar:
        task = bar.add_task(f"ratings {year}", total=100)

        def progress(stage: str) -> None:
            bar.update(task, completed=STAGES[stage] * 100, description=f"{year}: {stage}")

        try:
            run = rating_run_create(
                actor=system_actor(), year=year, directory=directory or snapshot_dir(),
                region=region, weights_path=weights,
                on=date.fromisoformat(on) if on else None, progress=progress)
        except DomainError as err:
            typer.echo(f"refused ({err.code}): {err.message}", err=True)
            raise typer.Exit(2) from err
    result = run.result
    typer.echo(f"rating run #{run.pk} year={year} window={result['years']} "
               f"weights={run.weights_version} occupations={len(result['rows'])} "
               f"time={run.seconds:.2f}s")
    for name, sha in run.inputs.items():
        typer.echo(f"  {name} sha256={sha}")
    for row in result["rows"][:20]:
        typer.echo(f"  {row['ranks']['key_competences']:>3}. {row['isco08']} "
                   f"{row['scores']['key_competences']:.3f} P{row['priority'] or '-'} "
                   f"{row['title']}")


@ratings_app.command("backtest")
def backtest_command(year: int, directory: DirOption = None,
                     rating: str = "key_competences") -> None:
    """Precision at 20 and Spearman correlation of the rating of YEAR against the
    synthetic nation's shortage in YEAR (generator and observed truth)."""
    _setup()
    from django.utils import timezone

    from .backtest import backtest
    from .snapshot import snapshot_dir, snapshot_open
    from .weights import weights_for

    snapshot = snapshot_open(directory or snapshot_dir())
    weights = weights_for(timezone.localdate())
    for truth in ("generator", "observed"):
        b = backtest(snapshot, year=year, weights=weights, rating=rating, truth=truth)
        typer.echo(f"backtest year={year} rating={rating} truth={truth} "
                   f"occupations={b.occupations} precision@20={b.precision_at_20:.2f} "
                   f"spearman={b.spearman:.3f}")
