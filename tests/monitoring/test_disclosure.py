"""Disclosure control: no count under the threshold is shown, and none can be recovered
from what is shown — neither by subtraction from the totals (the linear system of the
published numbers does not determine any hidden cell) nor by an attacker who also knows
that counts are not negative (the range of every hidden small cell stays open)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from kosh.monitoring.disclosure import suppress, suppress_series

tables = st.integers(1, 6).flatmap(lambda m: st.integers(1, 6).flatmap(
    lambda n: st.lists(st.lists(st.integers(0, 30) | st.integers(0, 6), min_size=n,
                                max_size=n), min_size=m, max_size=m)))


def _extended(cells):
    ext = [[*list(r), sum(r)] for r in cells]
    ext.append([sum(r[j] for r in ext) for j in range(len(ext[0]))])
    return ext


def _published_ext(p):
    ext = [[*list(r), t] for r, t in zip(p.cells, p.row_totals, strict=True)]
    ext.append([*list(p.column_totals), p.total])
    return ext


def _system(pub):
    """Equations on the hidden numbers: each row and column of cells minus its total is
    zero. Returns (A, b, hidden positions)."""
    rows, cols = len(pub), len(pub[0])
    hidden = [(i, j) for i in range(rows) for j in range(cols) if pub[i][j] is None]
    index = {h: k for k, h in enumerate(hidden)}
    a, b = [], []
    lines = [[(i, j) for j in range(cols)] for i in range(rows)]
    lines += [[(i, j) for i in range(rows)] for j in range(cols)]
    for line in lines:
        row, rhs = np.zeros(len(hidden)), 0.0
        for (i, j) in line:
            # the total of the line (its last position) enters with the opposite sign
            sign = -1.0 if (i, j) == line[-1] else 1.0
            if (i, j) in index:
                row[index[(i, j)]] += sign
            else:
                rhs -= sign * pub[i][j]
        a.append(row)
        b.append(rhs)
    return np.array(a), np.array(b), hidden


@settings(max_examples=300, deadline=None)
@given(tables, st.integers(2, 10))
def test_nothing_under_the_threshold_can_be_recovered(cells, threshold):
    p = suppress(cells, threshold=threshold)
    truth = _extended(cells)
    pub = _published_ext(p)
    for i, row in enumerate(pub):
        for j, v in enumerate(row):
            assert v is None or v == truth[i][j]
            assert not (v is not None and 0 < v < threshold)
    a, b, hidden = _system(pub)
    if not hidden:
        return
    rank = np.linalg.matrix_rank(a)
    for k, (i, j) in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[k] = 1.0
        # determined by subtraction ⇔ the unit vector lies in the equations' row space
        assert np.linalg.matrix_rank(np.vstack([a, unit])) > rank, (i, j)
        if 0 < truth[i][j] < threshold:
            bounds = [(0, None)] * len(hidden)
            lo = linprog(unit, A_eq=a, b_eq=b, bounds=bounds, method="highs")
            hi = linprog(-unit, A_eq=a, b_eq=b, bounds=bounds, method="highs")
            assert lo.status == 0 and hi.status in (0, 3)  # 3: no upper bound at all
            upper = float("inf") if hi.status == 3 else -hi.fun
            assert upper - lo.fun > 0.5, (i, j, lo.fun, upper)


def test_known_table():
    p = suppress([[10, 2, 8], [7, 9, 12], [20, 15, 30]], threshold=5)
    assert p.cells[0][1] is None and p.primary == 1 and p.complementary == 3
    assert p.total == 113
    assert suppress_series([0, 3, 7], threshold=5) == [0, None, 7]
