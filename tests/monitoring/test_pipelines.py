"""The monitoring pipelines on a hand-made event set with known answers, and the same
answers on DuckDB and Spark."""

import datetime as dt

import pandas as pd
import pytest

from kosh.analytics.backends import connect
from kosh.monitoring import pipelines as P
from kosh.monitoring.compute import refresh_compute
from kosh.monitoring.snapshot import snapshot_open

from .events import AKM, ALA, AS_OF, AST, EKO, write_snapshot


def _open(con, directory):
    events = con.read_parquet(directory / "registration_events.parquet")
    persons = con.read_parquet(directory / "persons.parquet")
    return P.clean(events, as_of=AS_OF), events, persons


@pytest.fixture
def snap(tmp_path):
    return write_snapshot(tmp_path / "snap")


def _rows(expr, keys):
    frame = expr.execute().sort_values(list(keys)).reset_index(drop=True)
    return [tuple(r) for r in frame.itertuples(index=False)]


def test_bad_input_is_counted_not_silently_used(snap):
    _, raw, _ = _open(connect("duckdb"), snap)
    q = P.quality(raw, as_of=AS_OF).execute().iloc[0].to_dict()
    assert q == {"events": 11, "unknown_district": 1, "future": 1, "region_mismatch": 1,
                 "duplicates": 1, "counted": 8}


def test_od_matrix_by_region_and_year(snap):
    events, _, _ = _open(connect("duckdb"), snap)
    rows = _rows(P.od_matrix(events, level="region", period="year"),
                 ["period", "origin", "destination"])
    assert rows == [(2023, AKM, AKM, 2), (2023, AKM, EKO, 1), (2023, AKM, AST, 2),
                    (2023, EKO, ALA, 1), (2023, AST, AST, 1), (2024, AST, AKM, 1)]
    inter = P.od_matrix(events, level="district", period="month", scope="inter").execute()
    assert inter.moves.sum() == 5
    assert set(inter.period) == {202301, 202302, 202303, 202406}
    intra = P.od_matrix(events, level="region", period="year", scope="intra").execute()
    assert intra.moves.sum() == 3  # event 11 is within Akmola: its region is corrected


def test_net_migration_urban_rural_concentration(snap):
    events, _, _ = _open(connect("duckdb"), snap)
    net = _rows(P.net_migration(events), ["period", "region"])
    assert net == [(2023, AKM, 0, 3, -3), (2023, EKO, 1, 1, 0), (2023, AST, 2, 0, 2),
                   (2023, ALA, 1, 0, 1), (2024, AKM, 1, 0, 1), (2024, AST, 0, 1, -1)]
    flows = dict(((p, f), n) for p, f, n in _rows(P.urban_rural(events), ["period", "flow"]))
    assert flows == {(2023, "urban → urban"): 2, (2023, "rural → urban"): 2,
                     (2023, "rural → rural"): 1, (2023, "urban → rural"): 2,
                     (2024, "urban → urban"): 1}
    conc = _rows(P.concentration(events), ["period", "region"])
    assert conc == [(2023, AST, 2, 4, 0.5), (2023, ALA, 1, 4, 0.25)]
    ne = _rows(P.north_east_share(events), ["period"])
    assert ne == [(2023, 1, 4, 0.25), (2024, 1, 1, 1.0)]


def test_filters(snap):
    events, _, persons = _open(connect("duckdb"), snap)

    def count(**kw):
        return int(P.filtered(events, P.Filters(**kw), persons=persons).count().execute())

    assert count(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)) == 7
    assert count(category="resettlement") == 1
    assert count(sex="F", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)) == 3
    assert count(age_group="16-29") == 2  # persons 2 (23) and 8 (28)
    assert count(age_group="30-44", start=dt.date(2024, 1, 1)) == 1  # 33, not yet 34
    with pytest.raises(ValueError):
        P.filtered(events, P.Filters(sex="F"))


def _refresh(con, directory):
    result = refresh_compute(snapshot_open(directory, as_of=AS_OF, backend=con))
    result.pop("seconds")
    return result


def test_indicators_on_the_hand_made_snapshot(snap):
    r = _refresh(connect("duckdb"), snap)
    ind = r["indicators"]
    assert ind["1"] == {"2023": [0.003, 5]}
    assert ind["5"]["2023"] == [pytest.approx(200 / 3), 3]
    assert ind["6"] == {"2024": [25.0, 4]}
    assert ind["8"] == {"2023": [75.0, 4]}
    assert ind["10"] == {"2023": [25.0, 4], "2024": [100.0, 1]}
    assert sorted(r["indicators_region"]["8"]) == [[2023, AKM, 100.0, 2],
                                                   [2023, EKO, 50.0, 2]]


@pytest.mark.spark
def test_the_whole_refresh_is_identical_on_spark(snap, spark_con):
    assert _refresh(spark_con, snap) == _refresh(connect("duckdb"), snap)


@pytest.mark.spark
def test_duckdb_and_spark_agree(snap, spark_con):
    results = {}
    for name, con in (("duckdb", connect("duckdb")), ("spark", spark_con)):
        events, raw, persons = _open(con, snap)
        f = P.filtered(events, P.Filters(sex="F"), persons=persons)
        results[name] = [
            P.quality(raw, as_of=AS_OF).execute(),
            P.od_matrix(events, level="district", period="month").execute()
            .sort_values(["period", "origin", "destination"]),
            P.net_migration(events, period="month").execute().sort_values(
                ["period", "region"]),
            P.urban_rural(events).execute().sort_values(["period", "flow"]),
            P.concentration(events).execute().sort_values(["period", "region"]),
            P.north_east_share(events).execute().sort_values("period"),
            P.od_matrix(f, level="region").execute().sort_values(
                ["period", "origin", "destination"]),
        ]
    for duck, spark in zip(results["duckdb"], results["spark"], strict=True):
        pd.testing.assert_frame_equal(duck.reset_index(drop=True),
                                      spark.reset_index(drop=True), check_dtype=False)
