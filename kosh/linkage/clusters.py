"""From scored pairs to proposals, and the accuracy of clusters against a known truth.

Each source record is proposed for one outcome (thresholds are versioned rule
parameters, ``linkage.*`` in kosh/rules/parameters):

* ``auto`` — merged with its best person: best match weight ≥ ``auto_merge_weight`` and
  the second-best person at least ``review_margin`` below it;
* ``review`` — queued for clerical review: best weight ≥ ``review_weight`` but not auto;
* ``new`` — kept apart (no person scores ``review_weight``): a new person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Thresholds:
    """The match-weight thresholds a run applied (log2 Bayes factors)."""

    auto_merge_weight: float
    review_weight: float
    review_margin: float


def thresholds_in_force(on: dt.date | None = None) -> Thresholds:
    """The thresholds of the rule parameters ``linkage.*`` in force on ``on`` (today)."""
    from django.utils import timezone

    from kosh.rules.system import parameter_value

    day = on or timezone.localdate()
    return Thresholds(
        auto_merge_weight=float(parameter_value("linkage.auto_merge_weight", day)),
        review_weight=float(parameter_value("linkage.review_weight", day)),
        review_margin=float(parameter_value("linkage.review_margin", day)),
    )


def propose(pairs: pd.DataFrame, records: pd.Series, thresholds: Thresholds) -> pd.DataFrame:
    """One row per record id in ``records``: ``record_id, outcome, person_id, best_weight,
    second_weight`` (person_id: the best-scoring person, null when none was scored)."""
    ranked = pairs.sort_values(["record_id", "match_weight", "person_id"],
                               ascending=[True, False, True])
    ranked["rank"] = ranked.groupby("record_id").cumcount()
    best = ranked[ranked["rank"] == 0].set_index("record_id")
    second = ranked[ranked["rank"] == 1].set_index("record_id")["match_weight"]
    out = pd.DataFrame({"record_id": pd.Series(sorted(set(records)), dtype="int64")})
    out["person_id"] = out["record_id"].map(best["person_id"]).astype("Int64")
    out["best_weight"] = out["record_id"].map(best["match_weight"]).astype("float64")
    out["second_weight"] = out["record_id"].map(second).astype("float64")
    gap = out["best_weight"] - out["second_weight"].fillna(-1e9)
    auto = (out["best_weight"] >= thresholds.auto_merge_weight) & (
        gap >= thresholds.review_margin)
    review = ~auto & (out["best_weight"] >= thresholds.review_weight)
    out["outcome"] = "new"
    out.loc[review, "outcome"] = "review"
    out.loc[auto, "outcome"] = "auto"
    return out


@dataclass(frozen=True)
class Accuracy:
    """Pairwise accuracy of clusters: precision, recall and F1 over the pairs of nodes
    (records and persons) put in one cluster, and the clerical-review share.

    A record in review is one record–person pair put before a reviewer (its best person),
    so the review share is given two ways: ÷ records (``review_share``, the issue's "≤ 1 %
    of pairs sent to clerical review": each record is one proposal) and ÷ candidate pairs
    scored and kept (``review_of_pairs``: match weight ≥ −5, the weakest pair a run
    keeps; smaller, as most records have several candidates)."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    review_share: float
    records: int
    pairs_scored: int = 0

    @property
    def review_of_pairs(self) -> float:
        """Records in review ÷ candidate pairs scored (0 when no pairs are known)."""
        return self.review_share * self.records / self.pairs_scored if self.pairs_scored else 0.0

    def line(self, label: str) -> str:
        """One printable line."""
        return (f"{label}: precision={self.precision:.4f} recall={self.recall:.4f} "
                f"F1={self.f1:.4f} review={self.review_share:.2%} of {self.records:,} records"
                f" = {self.review_of_pairs:.2%} of {self.pairs_scored:,} pairs scored "
                f"(cluster pairs: true {self.true_pairs:,}, predicted {self.predicted_pairs:,})")


def _pairs_in(labels: pd.Series) -> int:
    sizes = labels.value_counts()
    return int((sizes * (sizes - 1) // 2).sum())


def cluster_accuracy(links: pd.DataFrame, truth: pd.DataFrame, *, review_share: float = 0.0,
                     pairs_scored: int = 0) -> Accuracy:
    """Compare predicted ``links`` (record_id → person_id, one row per linked record) with
    ``truth`` (record_id → person_id, null: nobody in the registry).

    Nodes are every record and every person; a cluster is a person with the records linked
    to it; an unlinked record is a cluster of its own. Pairs counted: record–person and
    record–record pairs inside one cluster."""
    true_links = truth.dropna(subset=["person_id"])
    nodes = pd.DataFrame({"record_id": truth["record_id"].astype("int64")})
    pred = nodes["record_id"].map(links.set_index("record_id")["person_id"])
    true = nodes["record_id"].map(true_links.set_index("record_id")["person_id"])
    persons = sorted(set(pred.dropna().astype("int64")) | set(true.dropna().astype("int64")))
    # labels: "p<id>" for a person's cluster, "r<id>" for a record on its own
    def label(values: pd.Series) -> pd.Series:
        return pd.Series([f"p{int(v)}" if pd.notna(v) else f"r{r}"
                          for v, r in zip(values, nodes["record_id"], strict=True)])

    pred_l = pd.concat([label(pred), pd.Series([f"p{p}" for p in persons])], ignore_index=True)
    true_l = pd.concat([label(true), pd.Series([f"p{p}" for p in persons])], ignore_index=True)
    both = _pairs_in(pred_l + "|" + true_l)
    predicted, actual = _pairs_in(pred_l), _pairs_in(true_l)
    precision = both / predicted if predicted else 1.0
    recall = both / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Accuracy(precision, recall, f1, actual, predicted, review_share, len(nodes),
                    pairs_scored)
