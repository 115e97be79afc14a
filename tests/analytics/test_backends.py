"""The same Ibis expression over the same Parquet file answers alike on DuckDB and Spark."""

import pandas as pd
import pytest

from kosh.analytics.backends import connect


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="unknown analytics backend"):
        connect("oracle")  # type: ignore[arg-type]


@pytest.mark.spark
def test_duckdb_and_spark_agree(tmp_path, spark_con):
    frame = pd.DataFrame({"region": ["A", "A", "B", "C", "C", "C"],
                          "n": [1, 2, 3, 4, 5, 6]})
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    results = []
    for con in (connect("duckdb"), spark_con):
        t = con.read_parquet(path)
        expr = t.group_by("region").aggregate(total=t.n.sum()).order_by("region")
        results.append(expr.execute().reset_index(drop=True))
    pd.testing.assert_frame_equal(results[0], results[1], check_dtype=False)
