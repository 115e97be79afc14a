"""``kosh synth``: generate the synthetic nation, check it against its targets, and load
it (or a slice) into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_DIR = Path("data/synth")
synth_app = typer.Typer(
    help="The synthetic nation: `kosh synth --scale 0.01 --seed 7 --out data/synth`, then "
    "`kosh synth load`.",
    invoke_without_command=True,
)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.4f}"


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(2)


@synth_app.callback()
def synth(
    ctx: typer.Context,
    scale: float = typer.Option(0.01, help="1.0 is the whole country (20 million persons)"),
    seed: int = typer.Option(7, help="same seed and scale, same files byte for byte"),
    out: Annotated[Path, typer.Option(help="folder to write the Parquet files to")] = DEFAULT_DIR,
    force: bool = typer.Option(False, "--force", help="replace a non-empty --out"),
    quiet: bool = typer.Option(False, "--quiet", help="no progress bars"),
) -> None:
    """Generate the nation into --out (written next to it first, then renamed)."""
    if ctx.invoked_subcommand:
        return
    from .build import nation_generate
    from .output import NationError

    try:
        manifest = nation_generate(out, scale=scale, seed=seed, force=force,
                                   progress=not quiet)
    except NationError as err:
        _fail(str(err))
    rows = sum(t["rows"] for t in manifest["tables"].values())
    typer.echo(f"{out}: {len(manifest['tables'])} tables, {rows:,} rows "
               f"(seed {seed}, scale {scale:g}) in {manifest['seconds']} s")
    for name, t in manifest["tables"].items():
        typer.echo(f"  {name:<26} {t['rows']:>12,}")


@synth_app.command("check")
def check(directory: Annotated[Path, typer.Option("--dir")] = DEFAULT_DIR) -> None:
    """Compare the generated nation with the figures it is calibrated to."""
    from .calibration import calibration_checks

    failed = 0
    typer.echo(f"{'figure':<58} {'target':>11} {'observed':>11} {'tolerance':>10}")
    for c in calibration_checks(directory):
        failed += not c.ok
        mark = "ok" if c.ok else "OFF"
        tolerance = "floor" if c.at_least else f"±{_number(c.tolerance)}"
        typer.echo(f"{c.name:<58} {_number(c.target):>11} {_number(c.observed):>11} "
                   f"{tolerance:>10} {mark}")
    raise typer.Exit(1 if failed else 0)


@synth_app.command("load")
def load(
    directory: Annotated[Path, typer.Option("--dir", help="a generated nation")] = DEFAULT_DIR,
    tables: str = typer.Option("", help="comma-separated tables (default: all loadable)"),
    limit: int = typer.Option(0, help="load only this many persons (a proportional slice)"),
    replace: bool = typer.Option(False, "--replace",
                                 help="remove a nation loaded before, then load"),
    quiet: bool = typer.Option(False, "--quiet", help="no progress bars"),
) -> None:
    """Put the nation (or a slice) into the registry, a transaction per table; run again
    after an interruption to resume (tables already loaded are checked and skipped)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")
    import django

    django.setup()
    from .build import progress_bars
    from .load import WORK, LoadError, load_resumed, load_work, nation_load
    from .mapping import REGISTRY_TABLES
    from .registry import tables_vacuum

    chosen = [t.strip() for t in tables.split(",") if t.strip()] or None
    try:
        resumed = load_resumed(directory, tables=chosen, limit=limit or None)
        if resumed:
            typer.echo(f"resuming an interrupted load: {', '.join(resumed)} loaded before "
                       "(checked, then skipped)", err=True)
        work = load_work(directory, tables=chosen, limit=limit or None, skip=resumed)
        with progress_bars(not quiet, totals={WORK: work}) as advance:
            loaded = nation_load(directory, tables=chosen, limit=limit or None,
                                 replace=replace, advance=advance)
    except LoadError as err:
        _fail(str(err))
    tables_vacuum(REGISTRY_TABLES)  # statistics and visibility map for the searches
    s = loaded.seconds
    typer.echo(f"loaded {directory} in {s['total']:.1f} s: {sum(loaded.rows.values()):,} rows"
               f" (preparing rows {s['prepare']:.0f} s, COPY {s['write']:.0f} s, indexes "
               f"{s['indexes']:.0f} s)")
    for table, rows in loaded.rows.items():
        typer.echo(f"  {table:<28} {rows:>12,}")
    for name, rows in loaded.skipped.items():
        typer.echo(f"  {name} loaded before the interruption: {sum(rows.values()):,} rows")
