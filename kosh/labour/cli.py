"""``kosh labour …``: the nightly stay control over a snapshot folder and the household
permits' daily run (lapse of unpaid months, Ind 6 coverage)."""

from datetime import date
from pathlib import Path

import typer

from kosh.cli import _django

labour_app = typer.Typer(help="Foreign labour and stay control.", no_args_is_help=True)


def _day(on: str) -> date:
    from django.utils import timezone

    return date.fromisoformat(on) if on else timezone.localdate()


@labour_app.command("stay-control")
def stay_control(
    folder: str = typer.Option("", "--dir", help="snapshot folder (persons.parquet, "
                               "border_crossings.parquet, work_permits.parquet, …)"),
    on: str = typer.Option("", help="the day computed (YYYY-MM-DD), default today"),
    backend: str = typer.Option("duckdb", help="duckdb or spark"),
) -> None:
    """Compute every foreigner's days used and left, warnings and overstays, and replace
    the officers' worklist in the database."""
    _django()
    from kosh.access.policy import system_actor
    from kosh.labour.services import stay_control_run

    if not folder:
        raise typer.BadParameter("give the snapshot folder with --dir")
    run = stay_control_run(actor=system_actor(), folder=Path(folder), on=_day(on), backend=backend)
    typer.echo(f"stay control {run.on}: {run.persons:,} foreigners, {run.present:,} in the "
               f"country, {run.warnings:,} warnings, {run.overstays:,} overstays, "
               f"{run.entries_without_exit:,} entries without exit, "
               f"{run.exits_without_entry:,} exits without entry "
               f"({(run.finished_at - run.started_at).total_seconds():.1f} s, {backend})")


@labour_app.command("household-daily")
def household_daily(on: str = typer.Option("", help="the day (YYYY-MM-DD), default today")
                    ) -> None:
    """Lapse household-worker permits whose month is not prepaid, expire ended ones, and
    store the day's Ind 6 coverage."""
    _django()
    from kosh.access.policy import system_actor
    from kosh.labour.services import household_permits_update

    counts = household_permits_update(actor=system_actor(), on=_day(on))
    typer.echo(", ".join(f"{k}: {v:,}" for k, v in counts.items()))
