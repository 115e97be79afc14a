"""Small charts drawn on the server as SVG (no script, nothing the Content-Security-Policy
forbids): an indicator's values beside its targets, with the projection to 2027."""

from __future__ import annotations

from dataclasses import dataclass

from .indicators import HORIZON, Indicator, Judgement

FIRST = 2019
WIDTH, HEIGHT, PAD = 240, 90, 12


@dataclass
class Chart:
    """Coordinates for the template: polylines of values and targets, the projection's
    segment, dots, the value range shown."""

    values: str
    targets: str
    projection: str
    dots: list[tuple[float, float, int, float]]
    low: float
    high: float
    width: int = WIDTH
    height: int = HEIGHT


def indicator_chart(ind: Indicator, j: Judgement) -> Chart | None:
    """The chart of one indicator (``None`` without values or targets)."""
    points = {y: v for y, v in j.values.items() if FIRST <= y <= HORIZON}
    targets = dict(sorted(ind.targets.items()))
    if ind.baseline is not None:
        targets = {2021: float(ind.baseline), **targets}
    numbers = [*points.values(), *targets.values()]
    if j.projection is not None:
        numbers.append(j.projection)
    if not numbers:
        return None
    low, high = min(numbers), max(numbers)
    if high == low:
        high = low + 1

    def x(year: float) -> float:
        return round(PAD + (year - FIRST) / (HORIZON - FIRST) * (WIDTH - 2 * PAD), 1)

    def y(value: float) -> float:
        return round(HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2 * PAD), 1)

    def line(series: dict[int, float]) -> str:
        return " ".join(f"{x(k)},{y(v)}" for k, v in sorted(series.items()))

    projection = ""
    if points and j.projection is not None and j.latest_year and j.latest_year < HORIZON:
        projection = (f"{x(j.latest_year)},{y(j.values[j.latest_year])} "
                      f"{x(HORIZON)},{y(j.projection)}")
    return Chart(values=line(points), targets=line(targets), projection=projection,
                 dots=[(x(k), y(v), k, v) for k, v in sorted(points.items())],
                 low=low, high=high)
