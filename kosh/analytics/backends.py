"""The Ibis backends Kosh's pipelines run on: an in-process DuckDB by default, Apache Spark
(pyspark local mode, Java 17) at national scale. Pipelines are written once in Ibis and fed
the same Parquet files with ``read_parquet`` on either backend (DEPENDENCIES.md: ibis'
Spark backend has no temporary tables, so nothing is created with ``create_table``)."""

from __future__ import annotations

import tempfile
from functools import cache
from typing import Literal

import ibis

Backend = Literal["duckdb", "spark"]
BACKENDS: tuple[str, ...] = ("duckdb", "spark")


def duckdb_connect(*, threads: int | None = None, memory_limit: str | None = None
                   ) -> ibis.BaseBackend:
    """A new in-process DuckDB connection (optionally limited in threads and memory)."""
    con = ibis.duckdb.connect()
    if threads:
        con.raw_sql(f"SET threads = {int(threads)}")
    if memory_limit:
        con.raw_sql(f"SET memory_limit = '{memory_limit}'")
    return con


@cache
def spark_session(master: str = "local[2]"):  # -> pyspark.sql.SparkSession
    """One local Spark session per process (the JVM takes about 10 s to start), its
    warehouse in a temporary folder so runs never collide with an earlier one."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    warehouse = tempfile.mkdtemp(prefix="kosh-spark-")
    return (SparkSession.builder.master(master).appName("kosh")
            .config("spark.sql.warehouse.dir", warehouse)
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.memory", "2g")
            .config("spark.jars", similarity_jar_location())  # Splink's string similarities
            .getOrCreate())


def spark_connect() -> ibis.BaseBackend:
    """An Ibis connection on the process's local Spark session."""
    return ibis.pyspark.connect(spark_session())


def connect(backend: Backend = "duckdb") -> ibis.BaseBackend:
    """A connection on the named backend (``duckdb`` or ``spark``)."""
    if backend == "duckdb":
        return duckdb_connect()
    if backend == "spark":
        return spark_connect()
    raise ValueError(f"unknown analytics backend {backend!r}; choose one of {BACKENDS}")
