"""Counts over the registry for analysts: no names, no identifiers, small cells suppressed.

Suppression happens here, so no caller ever holds a raw count below
``settings.KOSH_MIN_CELL`` (other than zero), nor one it could work out from the totals."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from kosh.access.policy import Actor, Capability
from kosh.geo.models import Region

from .models import Category, PersonCategory


@dataclass(frozen=True)
class Cell:
    """One count; ``count`` is ``None`` when the true value is 1 … min_cell − 1."""

    count: int | None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class CountRow:
    region: Region | None  # None: persons without a registration region
    cells: tuple[Cell, ...]
    total: Cell  # the sum of the row's cells (holdings: a person may hold two categories)


@dataclass(frozen=True)
class RegistryCounts:
    categories: tuple[Category, ...]
    rows: tuple[CountRow, ...]
    column_totals: tuple[Cell, ...]
    grand_total: Cell
    min_cell: int


def cell_suppress(count: int, min_cell: int) -> Cell:
    """Hide a count that could single out a few persons (0 < count < min_cell)."""
    return Cell(None if 0 < count < min_cell else count)


Key = tuple[object, object]  # (row, column) of a cell; "total" for a total's row or column
TOTAL = "total"


def table_suppress(raw: list[list[int]], min_cell: int) -> set[Key]:
    """The cells (and totals) of a table with row and column totals to hide: every count
    1 … min_cell − 1 (primary), and then, so that no hidden count can be worked out by
    subtracting the shown ones from a total, a complementary one in every row or column
    (totals included) left with a single hidden count — the smallest non-zero cell there,
    or the total when no cell qualifies — until none is left alone."""
    n_rows, n_cols = len(raw), len(raw[0]) if raw else 0
    value: dict[Key, int] = {(r, c): raw[r][c] for r in range(n_rows) for c in range(n_cols)}
    for r in range(n_rows):
        value[(r, TOTAL)] = sum(raw[r])
    for c in range(n_cols):
        value[(TOTAL, c)] = sum(raw[r][c] for r in range(n_rows))
    value[(TOTAL, TOTAL)] = sum(value[(TOTAL, c)] for c in range(n_cols))
    lines = [[(r, c) for c in [*range(n_cols), TOTAL]] for r in [*range(n_rows), TOTAL]]
    lines += [[(r, c) for r in [*range(n_rows), TOTAL]] for c in [*range(n_cols), TOTAL]]
    hidden = {k for k, v in value.items() if 0 < v < min_cell}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(k in hidden for k in line) != 1:
                continue
            total = line[-1]
            shown = [k for k in line[:-1] if k not in hidden and value[k] > 0]
            if shown:
                hidden.add(min(shown, key=lambda k: (value[k], str(k))))
            elif total not in hidden:
                hidden.add(total)
            else:
                continue  # only zeros left: the hidden total is the hidden cell's only sum
            changed = True
    return hidden


def registry_counts(*, actor: Actor) -> RegistryCounts:
    """Persons holding each current category, by region of registration, with row and
    column totals; small counts and the complementary ones hidden (``table_suppress``).

    An actor scoped to a region (akimat officer) gets that region's row only."""
    actor.require(Capability.VIEW_AGGREGATES)
    min_cell = settings.KOSH_MIN_CELL
    holdings = PersonCategory.objects.filter(valid_to__isnull=True)
    regions: list[Region | None] = list(Region.objects.all())
    if actor.region_id is not None:
        holdings = holdings.filter(person__region_id=actor.region_id)
        regions = [r for r in regions if r is not None and r.pk == actor.region_id]
    else:
        regions.append(None)
    found = {
        (row["person__region_id"], row["category"]): row["n"]
        for row in holdings.values("person__region_id", "category").annotate(
            n=Count("person_id", distinct=True)
        )
    }
    categories = tuple(Category)
    raw = [[found.get((region.pk if region else None, c.value), 0) for c in categories]
           for region in regions]
    kept = [i for i, region in enumerate(regions) if region is not None or any(raw[i])]
    regions, raw = [regions[i] for i in kept], [raw[i] for i in kept]
    hidden = table_suppress(raw, min_cell)

    def cell(r: object, c: object, count: int) -> Cell:
        return Cell(None if (r, c) in hidden else count)

    rows = tuple(
        CountRow(region=region,
                 cells=tuple(cell(r, c, raw[r][c]) for c in range(len(categories))),
                 total=cell(r, TOTAL, sum(raw[r])))
        for r, region in enumerate(regions)
    )
    column_totals = tuple(cell(TOTAL, c, sum(row[c] for row in raw))
                          for c in range(len(categories)))
    return RegistryCounts(categories=categories, rows=rows, column_totals=column_totals,
                          grand_total=cell(TOTAL, TOTAL, sum(map(sum, raw))),
                          min_cell=min_cell)
