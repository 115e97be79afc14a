"""Disclosure control, in one place: every table Kosh publishes (dashboard downloads, the
open statistics API) goes through ``suppress`` so no person can be singled out.

A published two-way table carries its row totals, column totals and grand total. Seen
with its margins, the table is a set of linear equations (each row and column of cells
sums to its total). A hidden cell can be recovered by subtraction exactly when it is a
*bridge* of the bipartite graph whose nodes are the table's lines and whose edges are the
hidden cells (including hidden totals): a cell on a cycle of hidden cells can move up on
one side of the cycle and down on the other without changing any published number.

1. Primary suppression: every cell and total with 0 < count < ``threshold`` (default 5).
2. Complementary suppression: while a hidden cell is a bridge, hide the three cells that
   close the cheapest rectangle through it (already hidden cells cost nothing, zeros cost
   most, otherwise the count — so little information is lost).

Zeros are published (a zero singles nobody out); hidden cells are ``None``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Default threshold: cells under 5 persons are not published.
THRESHOLD = 5
_ZERO_COST = 10**9


@dataclass(frozen=True)
class Published:
    """A suppressed table: ``cells[i][j]``, ``row_totals[i]``, ``column_totals[j]`` and
    ``total``, each an int or ``None`` where hidden; ``primary`` and ``complementary`` count
    the hidden numbers of each kind (margins included)."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None
    primary: int
    complementary: int


def _bridges(hidden: set[tuple[int, int]], rows: int, cols: int) -> list[tuple[int, int]]:
    """The hidden cells that are bridges of the lines × hidden-cells graph (Tarjan,
    iterative). Node ``i`` is row ``i``, node ``rows + j`` is column ``j``."""
    adj: dict[int, list[tuple[int, int]]] = {}
    edges = sorted(hidden)
    for k, (i, j) in enumerate(edges):
        adj.setdefault(i, []).append((rows + j, k))
        adj.setdefault(rows + j, []).append((i, k))
    disc: dict[int, int] = {}
    low: dict[int, int] = {}
    found: list[tuple[int, int]] = []
    counter = 0
    for root in adj:
        if root in disc:
            continue
        disc[root] = low[root] = counter
        counter += 1
        stack = [(root, -1, iter(adj[root]))]
        while stack:
            node, via, it = stack[-1]
            advanced = False
            for nxt, k in it:
                if k == via:
                    continue
                if nxt in disc:
                    low[node] = min(low[node], disc[nxt])
                else:
                    disc[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, k, iter(adj[nxt])))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > disc[parent]:
                        found.append(edges[via])
    return found


def suppress(cells: Sequence[Sequence[int]], *, threshold: int = THRESHOLD) -> Published:
    """Publish ``cells`` (a rectangular table of counts) with its margins so that no count
    under ``threshold`` is shown or can be recovered from what is shown."""
    m = len(cells)
    n = len(cells[0]) if m else 0
    if any(len(r) != n for r in cells):
        raise ValueError("the table is not rectangular")
    # The extended table: cells, the row totals as column n, the column totals as row m.
    ext = [[*list(map(int, r)), sum(r)] for r in cells]
    ext.append([sum(ext[i][j] for i in range(m)) for j in range(n + 1)])
    rows, cols = m + 1, n + 1
    hidden = {(i, j) for i in range(rows) for j in range(cols) if 0 < ext[i][j] < threshold}
    primary = len(hidden)

    def cost(i: int, j: int) -> int:
        if (i, j) in hidden:
            return 0
        return ext[i][j] if ext[i][j] else _ZERO_COST

    while True:
        bridges = _bridges(hidden, rows, cols)
        if not bridges:
            break
        r, c = bridges[0]
        best: tuple[int, int, int] | None = None
        for r2 in range(rows):
            if r2 == r:
                continue
            for c2 in range(cols):
                if c2 == c:
                    continue
                price = cost(r, c2) + cost(r2, c2) + cost(r2, c)
                if best is None or price < best[0]:
                    best = (price, r2, c2)
        if best is None:  # a single line: nothing can hide the cell but the line itself
            hidden |= {(i, j) for i in range(rows) for j in range(cols)}
            break
        _, r2, c2 = best
        hidden |= {(r, c2), (r2, c2), (r2, c)}

    def shown(i: int, j: int) -> int | None:
        return None if (i, j) in hidden else ext[i][j]

    return Published(
        cells=[[shown(i, j) for j in range(n)] for i in range(m)],
        row_totals=[shown(i, n) for i in range(m)],
        column_totals=[shown(m, j) for j in range(n)],
        total=shown(m, n), primary=primary, complementary=len(hidden) - primary)


def suppress_series(values: Sequence[int], *, threshold: int = THRESHOLD
                    ) -> list[int | None]:
    """A one-way list of counts published without a total: each count under
    ``threshold`` (and above 0) hidden. Publish no total beside it (use ``suppress``)."""
    return [None if 0 < v < threshold else int(v) for v in values]
