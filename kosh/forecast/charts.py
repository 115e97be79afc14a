"""Server-drawn SVG charts (the console vendors no chart library and the CSP forbids inline
scripts and styles): a median line with its 80 % and 95 % bands over the years."""

from __future__ import annotations

WIDTH, HEIGHT, PAD = 640, 240, 40


def band_chart(rows: list[dict], *, low: str, high: str, median: str,
               low95: str = "", high95: str = "") -> dict:
    """Coordinates for ``forecast/_chart.html``: the median as a polyline, the intervals
    as polygons, and the axis labels (first and last year, min and max value)."""
    if not rows:
        return {}
    keys = [k for k in (low, high, median, low95, high95) if k]
    lo = min(min(r[k] for k in keys) for r in rows)
    hi = max(max(r[k] for k in keys) for r in rows)
    span = (hi - lo) or 1.0
    n = max(len(rows) - 1, 1)

    def x(i: int) -> float:
        return round(PAD + i * (WIDTH - 2 * PAD) / n, 1)

    def y(v: float) -> float:
        return round(HEIGHT - PAD - (v - lo) / span * (HEIGHT - 2 * PAD), 1)

    def band(a: str, b: str) -> str:
        top = [f"{x(i)},{y(r[b])}" for i, r in enumerate(rows)]
        bottom = [f"{x(i)},{y(r[a])}" for i, r in reversed(list(enumerate(rows)))]
        return " ".join(top + bottom)

    return {
        "width": WIDTH, "height": HEIGHT,
        "line": " ".join(f"{x(i)},{y(r[median])}" for i, r in enumerate(rows)),
        "band80": band(low, high), "band95": band(low95, high95) if low95 else "",
        "first": rows[0]["year"], "last": rows[-1]["year"], "lo": lo, "hi": hi,
        "x0": PAD, "x1": WIDTH - PAD, "y0": HEIGHT - PAD, "y1": PAD,
    }
