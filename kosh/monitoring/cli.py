"""``kosh monitoring …``: refresh the cached aggregates and indicators from a snapshot,
load the action plan, print the indicator table and the bad-input counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from kosh.cli import _django

monitoring_app = typer.Typer(help="Migration monitoring: flows, indicators, action plan.",
                             no_args_is_help=True)


@monitoring_app.command("refresh")
def refresh(
    directory: Annotated[str, typer.Option(
        "--dir", help="snapshot folder (default: KOSH_MONITORING_DIR or var/synth)")] = "",
    as_of: str = typer.Option("", help="the snapshot's day (YYYY-MM-DD), default today"),
    backend: str = typer.Option("duckdb", help="duckdb or spark"),
) -> None:
    """Compute the aggregates and the computable indicators and store them (the pages read
    this cache); print the bad input found."""
    _django()
    from kosh.access.policy import system_actor
    from kosh.errors import DomainError
    from kosh.monitoring.services import monitoring_refresh
    from kosh.monitoring.snapshot import snapshot_dir

    try:
        run = monitoring_refresh(actor=system_actor(),
                                 directory=Path(directory) if directory else snapshot_dir(),
                                 as_of=date.fromisoformat(as_of) if as_of else None,
                                 backend=backend)
    except DomainError as err:
        typer.echo(str(err.message), err=True)
        raise typer.Exit(2) from err
    q = run.quality
    typer.echo(f"refresh #{run.pk}: {q['counted']:,} events counted of {q['events']:,} read; "
               f"unknown district {q['unknown_district']:,}, future-dated {q['future']:,}, "
               f"region corrected {q['region_mismatch']:,}, duplicates {q['duplicates']:,}; "
               f"{run.values.count()} indicator values; {run.seconds:.1f} s")


@monitoring_app.command("load-plan")
def load_plan() -> None:
    """Load the action plan's 51 measures (idempotent)."""
    _django()
    from kosh.access.policy import system_actor
    from kosh.monitoring.services import measures_load

    added = measures_load(actor=system_actor())
    typer.echo(f"measures added: {added}")


@monitoring_app.command("indicators")
def indicators() -> None:
    """Print the 10 indicators: latest value, its year's target, projection, status."""
    _django()
    from kosh.monitoring.selectors import indicator_rows

    for r in indicator_rows():
        j, ind = r.judgement, r.indicator
        latest = f"{j.latest:.2f} ({j.latest_year})" if j.latest is not None else "-"
        proj = f"{j.projection:.2f}" if j.projection is not None else "-"
        typer.echo(f"{ind.number:>2} {ind.key:<32} {latest:>16} target "
                   f"{j.target_latest if j.target_latest is not None else '-':>6} "
                   f"2027 {proj:>8} / {ind.targets.get(2027)} {j.status} [{ind.unit}]")
