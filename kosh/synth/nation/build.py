"""Generating the whole nation, table after table, into ``--out``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from . import targets as T
from .documents import documents_write
from .external import emigrant_workers_write, external_write, refugees_write
from .household import crossings_write, household_write
from .instruments import applicants_write
from .kandas import earlier_write, recent_write
from .labour import employers_write, work_permits_write
from .market import housing_write, labour_market_write
from .moves import moves_write
from .outcomes import outcomes_write
from .output import Context, NationWriter, scale_check, staged
from .people import People, residents_write
from .records import records_write
from .resettlers import resettlers_write
from .settlers import Settlers

TABLES = ("persons", "person_documents", "person_records", "registration_events",
          "external_migration", "employers", "work_permits", "household_permits",
          "household_payments", "border_crossings", "kandas", "settler_outcomes",
          "resettlers", "labour_market", "housing_costs", "applicants", "refugees",
          "emigrant_workers")
TRUTH = ("truth/same_person", "truth/family_employment")


@contextmanager
def progress_bars(show: bool, totals: dict[str, int] | None = None,
                  ) -> Iterator[Callable[[str, int], None]]:
    """``advance(step, n)``: a rich progress line per step on stderr. A step of known
    total (``totals``) stays open across the others and shows the time left."""
    console = Console(stderr=True)
    progress = Progress(TextColumn("{task.description:<22}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                        console=console, disable=not show)
    totals = totals or {}
    tasks: dict[str, int] = {}

    def advance(step: str, n: int) -> None:
        if step not in tasks:
            for name, t in tasks.items():
                if name not in totals:
                    progress.update(t, total=progress.tasks[t].completed)
            tasks[step] = progress.add_task(step, total=totals.get(step))
        progress.advance(tasks[step], n)

    with progress:
        yield advance
        for t in tasks.values():
            progress.update(t, total=progress.tasks[t].completed)


def nation_generate(out: Path, *, scale: float, seed: int, force: bool = False,
                    chunk: int = 1_000_000, progress: bool = True) -> dict:
    """Write the nation of ``scale`` and ``seed`` to ``out`` (replacing it with ``force``);
    returns the manifest. Raises NationError on bad arguments, before writing anything."""
    scale_check(scale)
    started = time.perf_counter()
    with staged(Path(out), force=force) as tmp, progress_bars(progress) as advance:
        ctx = Context(seed=seed, scale=scale, chunk=chunk, advance=advance)
        writer = NationWriter(tmp)
        people, settlers = People(), Settlers()
        special = (sum(ctx.count(T.KANDAS[y], floor=8) for y in T.YEARS)
                   + sum(ctx.count(T.RESETTLERS[y], floor=6) for y in T.YEARS)
                   + max(1, ctx.count(T.STATELESS, floor=5)))
        residents_write(ctx, writer, people, max(1, ctx.count(T.POPULATION) - special))
        recent_write(ctx, writer, people, settlers)
        earlier_write(ctx, writer, people)
        resettlers, resettled = resettlers_write(ctx, writer, people, settlers)
        refugees_write(ctx, writer, people)
        employers = employers_write(ctx, writer)
        work_permits_write(ctx, writer, people, employers)
        stays = household_write(ctx, writer, people)
        crossings_write(ctx, writer, people, stays)
        writer.sink("persons").close()
        documents_write(ctx, writer, people)
        moves_write(ctx, writer, people, resettled)
        outcomes_write(ctx, writer, settlers, resettlers)
        external_write(ctx, writer)
        emigrant_workers_write(ctx, writer, people)
        labour_market_write(ctx, writer)
        housing_write(ctx, writer)
        applicants_write(ctx, writer)
        records_write(ctx, writer, people, writer.sink("persons").path)
        manifest = writer.finish({"seed": seed, "scale": scale})
    manifest["seconds"] = round(time.perf_counter() - started, 1)
    return manifest
