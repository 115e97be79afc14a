"""A linkage run over a Parquet snapshot: read the source records and the registry, score
pairs with a stored model, propose an outcome per record (and, when the snapshot has
``truth/same_person``, measure it)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .clusters import Accuracy, Thresholds, cluster_accuracy, propose
from .features import linkage_frame
from .model import Backend, Blocking, StoredModel, predict

#: Stages of a run with the share of the work done when each starts (for progress bars).
STAGES = {"read": 0.0, "features": 0.1, "score": 0.3, "propose": 0.9, "done": 1.0}
RECORD_FIELDS = ("source", "surname", "given_name", "patronymic", "birth_date", "sex",
                 "iin", "region")
PERSON_FIELDS = ("surname", "given_name", "patronymic", "birth_date", "sex", "iin",
                 "region", "surname_latin", "given_name_latin")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class LinkResult:
    """What a run produced: pairs scored, one proposal per record, the raw rows of both
    sides (for review pages), input hashes and, when truth is known, accuracy."""

    pairs: pd.DataFrame
    proposals: pd.DataFrame
    records: pd.DataFrame
    persons: pd.DataFrame
    inputs: dict[str, str]
    accuracy: Accuracy | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def link_snapshot(directory: Path, *, model: StoredModel, thresholds: Thresholds,
                  backend: Backend = "duckdb", blocking: Blocking = "standard",
                  progress: Callable[[str], None] = lambda stage: None) -> LinkResult:
    """Link ``person_records.parquet`` to ``persons.parquet`` in ``directory``."""
    progress("read")
    paths = {name: directory / f"{name}.parquet" for name in ("person_records", "persons")}
    inputs = {name: file_sha256(path) for name, path in paths.items()}
    records = pd.read_parquet(paths["person_records"])
    persons = pd.read_parquet(paths["persons"])
    progress("features")
    left = linkage_frame(records, id_column="record_id")
    right = linkage_frame(persons, id_column="id")
    progress("score")
    pairs = predict(left, right, model=model, backend=backend, blocking=blocking)
    progress("propose")
    proposals = propose(pairs, records["record_id"], thresholds)
    accuracy = None
    truth_path = directory / "truth" / "same_person.parquet"
    if truth_path.exists():
        truth = pd.read_parquet(truth_path)
        links = proposals[proposals["outcome"] == "auto"][["record_id", "person_id"]]
        accuracy = cluster_accuracy(links, truth,
                                    review_share=float((proposals["outcome"] == "review").mean()),
                                    pairs_scored=len(pairs))
    progress("done")
    return LinkResult(pairs, proposals, records, persons, inputs, accuracy)
