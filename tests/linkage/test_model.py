"""The linkage model (person-v2) on a small registry: transliteration variants agree, a
day/month swap agrees, namesakes born the same year stay apart; the stored model is the
one its manifest names; the Spark backend gives the same pairs and clusters."""

from __future__ import annotations

import pandas as pd
import pytest

from kosh.linkage.clusters import Thresholds, cluster_accuracy, propose
from kosh.linkage.features import linkage_frame, swapped_date
from kosh.linkage.model import model_load, predict

from .conftest import RECORDS, persons_frame, records_frame

THRESHOLDS = Thresholds(auto_merge_weight=8, review_weight=0, review_margin=3)


def _scored(backend: str = "duckdb") -> tuple[pd.DataFrame, pd.DataFrame]:
    records = linkage_frame(records_frame(), id_column="record_id")
    registry = linkage_frame(persons_frame(), id_column="id")
    pairs = predict(records, registry, model=model_load(), backend=backend)
    return pairs, propose(pairs, records["unique_id"], THRESHOLDS)


def _outcome(proposals: pd.DataFrame, record_id: int) -> tuple[str, int | None]:
    row = proposals.set_index("record_id").loc[record_id]
    return row["outcome"], (None if pd.isna(row["person_id"]) else int(row["person_id"]))


def test_swapped_date() -> None:
    assert swapped_date("1990-03-07") == "1990-07-03"
    assert swapped_date("1990-03-25") is None  # no 25th month
    assert swapped_date("1990-03-03") is None
    assert swapped_date(None) is None


def test_stored_model_matches_manifest() -> None:
    model = model_load()
    assert model.version == "person-v2" and len(model.sha256) == 64
    assert model.settings["link_type"] == "link_only"


def test_transliteration_variants_agree() -> None:
    pairs, proposals = _scored()
    # AKHMETOVA ZHANNA (passport Latin, no patronymic, no IIN) is Ахметова Жанна
    assert _outcome(proposals, 101) == ("auto", 1)
    # Касымов Нурлан Болатулы (Russian spelling of Қасымов Нұрлан Болатұлы)
    assert _outcome(proposals, 103) == ("auto", 2)
    pair = pairs[(pairs.record_id == 103) & (pairs.person_id == 2)].iloc[0]
    assert pair["gamma_surname"] == 6 and pair["gamma_given_name"] == 6  # exact keys


def test_day_month_swap_agrees() -> None:
    pairs, proposals = _scored()
    # Janna Akhmetova (2021 Latin) born 1990-07-03 for 1990-03-07
    assert _outcome(proposals, 102) == ("auto", 1)
    pair = pairs[(pairs.record_id == 102) & (pairs.person_id == 1)].iloc[0]
    assert pair["mw_birth_date"] > 0  # the "swapped" level is evidence for a match


def test_namesakes_born_the_same_year_stay_apart() -> None:
    pairs, proposals = _scored()
    # Омаров Ерлан, 1988: record 104 is person 3 (born 15 January), not person 4 (22 August)
    assert _outcome(proposals, 104) == ("auto", 3)
    other = pairs[(pairs.record_id == 104) & (pairs.person_id == 4)]
    assert other.empty or other.iloc[0]["match_weight"] < THRESHOLDS.review_weight


def test_swapped_names_and_nobody_in_registry() -> None:
    _, proposals = _scored()
    assert _outcome(proposals, 105) == ("auto", 5)  # surname and given name swapped
    assert _outcome(proposals, 107)[0] == "new"  # not in the registry: kept apart


def test_cluster_accuracy_on_the_small_truth() -> None:
    _, proposals = _scored()
    truth = pd.DataFrame([(r, p) for r, p, *_ in RECORDS], columns=["record_id", "person_id"])
    links = proposals[proposals.outcome == "auto"][["record_id", "person_id"]]
    accuracy = cluster_accuracy(links, truth)
    assert (accuracy.precision, accuracy.recall, accuracy.f1) == (1.0, 1.0, 1.0)
    assert accuracy.true_pairs == 7  # (101,102,1) gives 3 pairs, four records 1 each


def test_cluster_accuracy_counts_a_wrong_link() -> None:
    truth = pd.DataFrame({"record_id": [1, 2], "person_id": [10.0, None]})
    links = pd.DataFrame({"record_id": [1, 2], "person_id": [10, 10]})
    accuracy = cluster_accuracy(links, truth)
    assert accuracy.true_pairs == 1 and accuracy.predicted_pairs == 3
    assert accuracy.precision == pytest.approx(1 / 3) and accuracy.recall == 1.0


@pytest.mark.spark
def test_spark_gives_the_same_pairs_and_clusters(spark_con) -> None:
    duck_pairs, duck = _scored("duckdb")
    spark_pairs, spark = _scored("spark")
    pd.testing.assert_frame_equal(duck_pairs, spark_pairs, check_dtype=False)
    pd.testing.assert_frame_equal(duck, spark, check_dtype=False)


def test_prior_scaled_to_a_larger_registry_only() -> None:
    from kosh.linkage.model import REGISTRY_SIZE_KEY, prior_for

    trained = {"probability_two_random_records_match": 4e-6, REGISTRY_SIZE_KEY: 200_000}
    # a record is one of at most one person: 100 times the persons, a hundredth the prior
    assert prior_for(trained, 20_000_000) == pytest.approx(4e-8)
    assert prior_for(trained, 8) == 4e-6  # a small registry never gets a more eager prior
    assert prior_for({"probability_two_random_records_match": 4e-6}, 10**7) == 4e-6


def test_m_floor_covers_a_level_em_never_saw() -> None:
    from kosh.linkage.model import M_FLOOR, m_floored

    model = {"comparisons": [{"comparison_levels": [
        {"is_null_level": True}, {"m_probability": 1.0}, {"u_probability": 0.5}]}]}
    levels = m_floored(model)["comparisons"][0]["comparison_levels"]
    assert levels[2]["m_probability"] == pytest.approx(M_FLOOR / (1 + M_FLOOR))
    assert levels[1]["m_probability"] + levels[2]["m_probability"] == pytest.approx(1.0)


def test_review_share_of_records_and_of_pairs() -> None:
    truth = pd.DataFrame({"record_id": [1, 2, 3, 4], "person_id": [10.0, 11.0, None, None]})
    links = pd.DataFrame({"record_id": [1], "person_id": [10]})
    accuracy = cluster_accuracy(links, truth, review_share=0.25, pairs_scored=20)
    # one record of four in review is one pair of the twenty scored
    assert accuracy.review_of_pairs == pytest.approx(0.05)
    assert "review=25.00% of 4 records = 5.00% of 20 pairs scored" in accuracy.line("t")
