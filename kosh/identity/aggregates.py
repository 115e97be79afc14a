"""Counts over the registry for analysts: no names, no identifiers, small cells suppressed.

Suppression happens here, so no caller ever holds a raw count below
``settings.KOSH_MIN_CELL`` (other than zero)."""

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


@dataclass(frozen=True)
class RegistryCounts:
    categories: tuple[Category, ...]
    rows: tuple[CountRow, ...]
    min_cell: int


def cell_suppress(count: int, min_cell: int) -> Cell:
    """Hide a count that could single out a few persons (0 < count < min_cell)."""
    return Cell(None if 0 < count < min_cell else count)


def registry_counts(*, actor: Actor) -> RegistryCounts:
    """Persons holding each current category, by region of registration.

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
    raw = {
        (row["person__region_id"], row["category"]): row["n"]
        for row in holdings.values("person__region_id", "category").annotate(
            n=Count("person_id", distinct=True)
        )
    }
    categories = tuple(Category)
    rows = tuple(
        CountRow(
            region=region,
            cells=tuple(
                cell_suppress(raw.get((region.pk if region else None, c.value), 0), min_cell)
                for c in categories
            ),
        )
        for region in regions
    )
    rows = tuple(r for r in rows if r.region is not None or any(c.count != 0 for c in r.cells))
    return RegistryCounts(categories=categories, rows=rows, min_cell=min_cell)
