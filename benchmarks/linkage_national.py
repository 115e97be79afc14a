"""Record linkage at national scale (issue 19): the synthetic nation's ``person_records``
(1.7 M) linked to its ``persons`` (22.9 M) on DuckDB with the stored model — minutes and
peak memory (goal ≤ 15 min, ≤ 12 GB here).

The registry side is built in DuckDB SQL straight from the Parquet file (the generator's
``*_key`` columns are ``name_key`` of the names — checked equal on 20,000 persons of
synth-001 — and the swapped date is SQL), the records side with pandas as in a normal run.
It uses the national blocking rules (``NATIONAL_RULES``: dates or birth years always with a
name key). Before scoring, the pairs each rule generates are counted in SQL; above
``--max-pairs`` (default 600 M, about what two cores score in 15 minutes) the script
stops and says so instead of running for hours.

Usage: ``.venv/bin/python benchmarks/linkage_national.py [--dir var/bench/nation-1.0]``
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")

import django

django.setup()

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
from common import peak_gb  # noqa: E402

from kosh.linkage.clusters import cluster_accuracy, propose, thresholds_in_force  # noqa: E402
from kosh.linkage.features import COLUMNS, linkage_frame  # noqa: E402
from kosh.linkage.model import (  # noqa: E402
    NATIONAL_RULES,
    RECORDS,
    REGISTRY,
    model_load,
    settings_for,
)

REGISTRY_SQL = """
CREATE TABLE registry AS
SELECT id::BIGINT AS unique_id, NULLIF(iin, '') AS iin, NULL::VARCHAR AS document_number,
       birth_date::VARCHAR AS birth_date,
       CASE WHEN month(birth_date::DATE) <> day(birth_date::DATE) AND day(birth_date::DATE) <= 12
            THEN strftime(make_date(year(birth_date::DATE), day(birth_date::DATE),
                                    month(birth_date::DATE)), '%Y-%m-%d') END
         AS birth_date_swapped,
       substr(birth_date::VARCHAR, 1, 4) AS birth_year, sex::VARCHAR AS sex,
       NULLIF(surname_key::VARCHAR, '') AS surname_key,
       NULLIF(given_name_key::VARCHAR, '') AS given_key,
       NULLIF(patronymic_key::VARCHAR, '') AS patronymic_key, region::VARCHAR AS region
FROM read_parquet(?)
"""
#: The national blocking rules (kosh.linkage.model.NATIONAL_RULES) as SQL on r = records,
#: p = registry, for counting the pairs each generates before scoring.
RULES = [(rule, rule.replace("l.", "REC.").replace("r.", "p.").replace("REC.", "r."))
         for rule in NATIONAL_RULES if "document_number" not in rule]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=Path("var/bench/nation-1.0"))
    parser.add_argument("--max-pairs", type=float, default=6e8)
    args = parser.parse_args()
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads = 2; SET memory_limit = '9GB'; "
                f"SET temp_directory = '{tempfile.mkdtemp(prefix='kosh-link-')}'")
    records_raw = pd.read_parquet(args.dir / "person_records.parquet")
    records = linkage_frame(records_raw, id_column="record_id")
    con.register("records_df", records)
    con.execute(f"CREATE TABLE records AS SELECT {', '.join(COLUMNS)} FROM records_df")
    con.unregister("records_df")
    con.execute(REGISTRY_SQL, [str(args.dir / "persons.parquet")])
    n_reg = con.execute("SELECT count(*) FROM registry").fetchall()[0][0]
    print(f"national: features records={len(records):,} registry={n_reg:,} "
          f"{time.perf_counter() - started:.0f}s peak={peak_gb():.1f}GB", flush=True)
    total = 0
    for label, condition in RULES:
        n = con.execute(f"SELECT count(*) FROM records r JOIN registry p ON {condition}"
                        ).fetchall()[0][0]
        total += n
        print(f"national: rule {label}: {n:,} pairs (before removing duplicates)", flush=True)
    print(f"national: at most {total:,} pairs to score "
          f"({time.perf_counter() - started:.0f}s)", flush=True)
    if total > args.max_pairs:
        print(f"national: skipped — {total:,} pairs is beyond --max-pairs "
              f"{args.max_pairs:,.0f} (about 15 minutes on two cores); peak={peak_gb():.1f}GB")
        return
    from splink import DuckDBAPI, Linker

    model = model_load()
    api = DuckDBAPI(connection=con)
    linker = Linker([api.register("records", dataset_display_name=RECORDS),
                     api.register("registry", dataset_display_name=REGISTRY)],
                    settings_for("duckdb", model.settings, blocking="national",
                                 registry_size=n_reg),
                    log_level=logging.WARNING)
    scored = linker.inference.predict(threshold_match_weight=-5).as_pandas_dataframe()
    left_is_record = scored["source_dataset_l"] == RECORDS
    pairs = pd.DataFrame({
        "record_id": scored["unique_id_l"].where(left_is_record, scored["unique_id_r"])
        .astype("int64"),
        "person_id": scored["unique_id_r"].where(left_is_record, scored["unique_id_l"])
        .astype("int64"),
                          "match_weight": scored["match_weight"].astype("float64")})
    thresholds = thresholds_in_force()
    proposals = propose(pairs, records["unique_id"], thresholds)
    seconds = time.perf_counter() - started
    truth = pd.read_parquet(args.dir / "truth" / "same_person.parquet")
    links = proposals[proposals["outcome"] == "auto"][["record_id", "person_id"]]
    accuracy = cluster_accuracy(links, truth,
                                review_share=float((proposals["outcome"] == "review").mean()),
                                pairs_scored=len(pairs))
    counts = proposals["outcome"].value_counts().to_dict()
    print(f"national: model {model.version} ({model.sha256[:12]}) {thresholds}")
    print(f"national: scored {len(pairs):,} pairs, {counts} in {seconds / 60:.1f} min, "
          f"peak={peak_gb():.1f}GB, load average {os.getloadavg()[0]:.2f}")
    print(accuracy.line("national"))


if __name__ == "__main__":
    main()
