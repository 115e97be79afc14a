"""``kosh link``: run record linkage over a snapshot, with progress."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

link_app = typer.Typer(help="Record linkage: one person, one record.", no_args_is_help=True)


@link_app.command("run")
def run(
    directory: Annotated[Path, typer.Option("--dir", help="Parquet snapshot with "
                                            "person_records and persons")] = Path("var/synth"),
    backend: Annotated[str, typer.Option(help="duckdb or spark")] = "duckdb",
    model: Annotated[str, typer.Option(help="model version (default: current)")] = "",
    blocking: Annotated[str, typer.Option(help="standard, or national (tighter rules for "
                                          "millions of records)")] = "standard",
) -> None:
    """Link the snapshot's source records to its persons and store the proposals: merged
    automatically, for clerical review, kept apart. Exit 2, nothing written, when refused."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")
    import django

    django.setup()
    from rich.progress import Progress

    from kosh.access.policy import system_actor
    from kosh.errors import DomainError

    from .pipeline import STAGES
    from .services import link_run_create

    if backend not in ("duckdb", "spark") or blocking not in ("standard", "national"):
        typer.echo(f"unknown backend {backend!r} or blocking {blocking!r}", err=True)
        raise typer.Exit(2)
    with Progress(transient=True) as bar:
        task = bar.add_task("linkage", total=100)

        def progress(stage: str) -> None:
            bar.update(task, completed=STAGES[stage] * 100, description=f"linkage: {stage}")

        try:
            result = link_run_create(actor=system_actor(), directory=directory,
                                     backend=backend, model_version=model or None,
                                     blocking=blocking, progress=progress)
        except DomainError as err:
            typer.echo(f"refused ({err.code}): {err.message}", err=True)
            raise typer.Exit(2) from err
    typer.echo(f"link run #{result.pk}: model {result.model_version} "
               f"({result.model_sha256[:12]}) {result.counts} in {result.seconds:.1f}s")
    if result.accuracy:
        a = result.accuracy
        typer.echo(f"against truth: precision={a['precision']:.4f} recall={a['recall']:.4f} "
                   f"F1={a['f1']:.4f} review={a['review_share']:.2%} of records, "
                   f"{a.get('review_of_pairs', 0):.2%} of pairs scored")


@link_app.command("train")
def train(
    directory: Annotated[Path, typer.Option("--dir", help="Parquet snapshot with "
                                            "person_records and persons")],
    version: Annotated[str, typer.Option(help="new model version, e.g. person-v3")],
    seed: Annotated[int, typer.Option(help="seed of the random sampling of u")] = 7,
) -> None:
    """Train the model without labels on a snapshot and store it as a new version (its
    SHA-256 in models/MANIFEST.json); an existing version is never replaced (exit 2)."""
    import pandas as pd

    from .features import linkage_frame
    from .model import model_save
    from .model import train as train_model

    records = linkage_frame(pd.read_parquet(directory / "person_records.parquet"),
                            id_column="record_id")
    registry = linkage_frame(pd.read_parquet(directory / "persons.parquet"), id_column="id")
    trained = train_model(records, registry, seed=seed)
    try:
        stored = model_save(trained, version=version, trained_on=(
            f"{directory.name}: {len(records):,} person_records x {len(registry):,} persons, "
            f"no labels, seed {seed}"))
    except FileExistsError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2) from err
    typer.echo(f"model {stored.version} sha256 {stored.sha256}")
