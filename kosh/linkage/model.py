"""The Splink model that links source records to the registry of persons.

The model is a Fellegi–Sunter model (Splink 5): blocking rules choose which record/person
pairs are compared at all, comparisons give each pair an agreement level per field, and
each level carries a match weight log2(m/u) — u estimated by random sampling, m by
expectation maximisation (EM). The trained model is a JSON file in ``models/``, named by
version, with its SHA-256 in ``models/MANIFEST.json``: a run records the version and the
hash of the model it used.

The same model predicts on DuckDB (default) or on Spark (``SparkAPI`` on the process's
session from :func:`kosh.analytics.backends.spark_session`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

MODELS_DIR = Path(__file__).resolve().parent / "models"
MANIFEST = MODELS_DIR / "MANIFEST.json"
#: The model version used when none is named.
CURRENT_VERSION = "person-v2"
#: Key of a stored model holding the number of registry persons it was trained against
#: (the prior λ is a per-pair probability: it is scaled to the registry a run links to).
REGISTRY_SIZE_KEY = "kosh_registry_size"
RECORDS, REGISTRY = "records", "registry"
Backend = Literal["duckdb", "spark"]


def _reversed_jaro_winkler(column: str, other: str, threshold: float) -> Any:
    """A level: ``column`` of the record is within Jaro-Winkler ``threshold`` of ``other``
    of the person (a swapped surname and given name with a typo), in the backend's SQL."""
    from splink.internals.column_expression import ColumnExpression
    from splink.internals.comparison_level_creator import ComparisonLevelCreator

    class ReversedJaroWinklerLevel(ComparisonLevelCreator):
        def create_sql(self, sql_dialect: Any) -> str:
            a, b = ColumnExpression(column), ColumnExpression(other)
            a.sql_dialect = b.sql_dialect = sql_dialect
            function = sql_dialect.jaro_winkler_function_name
            return f"{function}({a.name_l}, {b.name_r}) >= {threshold}"

        def create_label_for_charts(self) -> str:
            return f"Jaro-Winkler of {column} and {other} (swapped) >= {threshold}"

    return ReversedJaroWinklerLevel()


def _name_comparison(column: str, other: str, label: str) -> Any:
    """A name key compared: exact, written in the other name field (surname and given
    name swapped), Jaro-Winkler ≥ 0.94 / Levenshtein ≤ 1, swapped with Jaro-Winkler ≥ 0.9,
    Jaro-Winkler ≥ 0.85, else."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=label,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column),
            cll.ColumnsReversedLevel(column, other),
            cll.JaroWinklerLevel(column, 0.94),
            cll.LevenshteinLevel(column, 1),
            _reversed_jaro_winkler(column, other, 0.9),
            cll.JaroWinklerLevel(column, 0.85),
            cll.ElseLevel(),
        ],
        comparison_description=f"{label}: transliteration key (kosh.identity.names)",
    )


def _birth_date_comparison() -> Any:
    """Birth date: exact, day and month swapped, one character apart (a typo), same
    year, else."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date"),
            cll.CustomLevel("birth_date_l = birth_date_swapped_r",
                            label_for_charts="day and month swapped"),
            cll.LevenshteinLevel("birth_date", 1),
            cll.ExactMatchLevel("birth_year"),
            cll.ElseLevel(),
        ],
        comparison_description="birth date, allowing a day/month swap",
    )


#: Tighter rules for national scale (1.7 M records × 22.9 M persons), as SQL on ``l``/``r``:
#: every rule pairs a birth date (as written, swapped, or its day and month) or a birth
#: year with name keys, or is an exact identifier. On synth-001 they keep 99.79 % of the
#: true pairs (the standard rules 99.88 %) with 23,030 pairs instead of 30,253.
NATIONAL_RULES: tuple[str, ...] = (
    "l.iin = r.iin",
    "l.document_number = r.document_number",
    "l.birth_date = r.birth_date AND l.surname_key = r.surname_key",
    "l.birth_date = r.birth_date AND l.given_key = r.given_key",
    "l.birth_date = r.birth_date AND l.patronymic_key = r.patronymic_key",
    "l.birth_date = r.birth_date_swapped AND l.surname_key = r.surname_key",
    "l.birth_date = r.birth_date_swapped AND l.given_key = r.given_key",
    "l.birth_date = r.birth_date AND l.surname_key = r.given_key",
    "l.birth_date = r.birth_date AND l.given_key = r.surname_key",
    "l.surname_key = r.surname_key AND l.given_key = r.given_key AND l.birth_year = r.birth_year",
    "l.surname_key = r.given_key AND l.given_key = r.surname_key AND l.birth_year = r.birth_year",
    "l.surname_key = r.surname_key AND l.given_key = r.given_key "
    "AND substr(l.birth_date, 6) = substr(r.birth_date, 6)",
    "l.surname_key = r.surname_key AND l.given_key = r.given_key "
    "AND l.patronymic_key = r.patronymic_key",
)
Blocking = Literal["standard", "national"]


def blocking_rules(*, with_documents: bool = True) -> list[Any]:
    """Which pairs are compared: a pair is scored when any rule holds.

    IIN; document number; birth date (as written, or with day and month swapped);
    surname and given-name keys (in either order); given-name key + birth year + sex;
    surname key + birth year + sex; surname + patronymic keys (a wrong birth date and no
    IIN). Keys are transliteration-normalised, so scripts do not split blocks."""
    from splink import block_on

    rules = [
        block_on("iin"),
        block_on("birth_date"),
        "l.birth_date = r.birth_date_swapped",
        block_on("surname_key", "given_key"),
        "l.surname_key = r.given_key AND l.given_key = r.surname_key",
        block_on("given_key", "birth_year", "sex"),
        block_on("surname_key", "birth_year", "sex"),
        block_on("surname_key", "patronymic_key"),
    ]
    if with_documents:
        rules.insert(1, block_on("document_number"))
    return rules


def settings() -> Any:
    """The untrained model: link type, blocking rules and comparisons."""
    import splink.comparison_library as cl
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=blocking_rules(),
        comparisons=[
            cl.ExactMatch("iin"),
            _name_comparison("surname_key", "given_key", "surname"),
            _name_comparison("given_key", "surname_key", "given_name"),
            cl.JaroWinklerAtThresholds("patronymic_key", [0.94, 0.85]),
            _birth_date_comparison(),
            cl.ExactMatch("sex"),
            cl.ExactMatch("region"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )


def _db_api(backend: Backend) -> Any:
    if backend == "spark":
        from splink import SparkAPI

        from kosh.analytics.backends import spark_session

        # "persist" breaks lineage in memory: no checkpoint directory to set up
        return SparkAPI(spark_session=spark_session(), break_lineage_method="persist")
    from splink import DuckDBAPI

    return DuckDBAPI()


def prior_for(trained: dict[str, Any], registry_size: int | None) -> float:
    """λ, the probability that a record and a registry person picked at random are one
    person, for a registry of ``registry_size`` persons.

    A record is one of at most one person, so λ falls as the registry grows: the model's
    λ (estimated against :data:`REGISTRY_SIZE_KEY` persons) is scaled by trained ÷ run
    size when the run's registry is larger — without it, the same evidence that is decisive
    among 229,200 persons is overconfident among 22.9 million namesakes. A smaller registry
    (a test, a demo) keeps the trained λ: never a more eager prior than trained."""
    prior = float(trained["probability_two_random_records_match"])
    trained_size = trained.get(REGISTRY_SIZE_KEY)
    if trained_size and registry_size and registry_size > trained_size:
        prior *= trained_size / registry_size
    return prior


def settings_for(backend: Backend, trained: dict[str, Any] | None = None, *,
                 detail: bool = False, blocking: Blocking = "standard",
                 registry_size: int | None = None) -> dict[str, Any]:
    """The model's settings written in ``backend``'s SQL, with the parameters (λ, every
    level's m and u) of ``trained`` when given; λ scaled to a registry of
    ``registry_size`` persons (:func:`prior_for`).

    A saved model keeps SQL in the dialect it was trained in, and Splink does not rewrite
    it (DuckDB's "quoted" identifiers are string literals to Spark): so the SQL always comes
    from :func:`settings` and only the numbers from the stored model."""
    from splink.internals.dialects import SplinkDialect

    dialect = SplinkDialect.from_string(backend)
    out = settings().get_settings(dialect.sql_dialect_str).as_dict()
    out["retain_intermediate_calculation_columns"] = out["retain_matching_columns"] = detail
    if blocking == "national":
        out["blocking_rules_to_generate_predictions"] = [
            {"blocking_rule": rule, "sql_dialect": dialect.sql_dialect_str}
            for rule in NATIONAL_RULES]
    if trained is None:
        return out
    out["probability_two_random_records_match"] = prior_for(trained, registry_size)
    stored = {c["output_column_name"]: c for c in trained["comparisons"]}
    for comparison in out["comparisons"]:
        levels = stored[comparison["output_column_name"]]["comparison_levels"]
        if len(levels) != len(comparison["comparison_levels"]):
            raise ValueError(f"model does not fit the code: {comparison['output_column_name']}")
        for level, trained_level in zip(comparison["comparison_levels"], levels, strict=True):
            for key in ("m_probability", "u_probability"):
                if key in trained_level:
                    level[key] = trained_level[key]
    return out


def linker(records: pd.DataFrame, registry: pd.DataFrame, *,
           model: dict[str, Any] | None = None, backend: Backend = "duckdb",
           detail: bool = False, blocking: Blocking = "standard") -> Any:
    """A Splink linker over two linkage frames (:func:`kosh.linkage.features.linkage_frame`)
    on ``backend``, with the parameters of ``model`` (a trained model's settings dict;
    default: untrained); ``detail`` keeps each comparison's level and weight; ``blocking``
    chooses the standard or the national rules. λ is scaled to ``registry``'s size."""
    from splink import Linker

    api = _db_api(backend)
    frames = [api.register(records, dataset_display_name=RECORDS),
              api.register(registry, dataset_display_name=REGISTRY)]
    return Linker(frames, settings_for(backend, model, detail=detail, blocking=blocking,
                                       registry_size=len(registry)),
                  log_level=logging.WARNING)


def train(records: pd.DataFrame, registry: pd.DataFrame, *, seed: int = 7) -> dict[str, Any]:
    """Estimate the model's parameters on ``records`` × ``registry`` without labels.

    λ (the prior) from deterministic rules (IIN; birth date + both name keys), u by random
    sampling, m by EM in two sessions: blocked on the IIN (trains names, birth date, sex,
    region) and on birth date + both name keys (trains the IIN, and again patronymic, sex
    and region). Pairs sharing an IIN are nearly all the same person, so EM sees how true
    matches disagree; blocked on the name keys alone (person-v1) it mistook namesakes for
    matches with a wrong birth date (m of "different year" 0.091 where the truth has 0.007)
    and over-trusted a full name. Returns the trained settings dict, m floored
    (:func:`m_floored`) and the registry's size recorded (:func:`prior_for`)."""
    from splink import block_on

    lk = linker(records, registry)
    lk.training.estimate_probability_two_random_records_match(
        [block_on("iin"), block_on("birth_date", "surname_key", "given_key")], recall=0.8)
    lk.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    lk.training.estimate_parameters_using_expectation_maximisation(block_on("iin"))
    lk.training.estimate_parameters_using_expectation_maximisation(
        block_on("birth_date", "surname_key", "given_key"))
    model = m_floored(lk.misc.save_model_to_json())
    model[REGISTRY_SIZE_KEY] = len(registry)
    return model


#: The least m probability of any level: one true match in a thousand may disagree on any
#: field (a changed region, a mistyped sex or IIN). On synthetic sources EM finds some
#: disagreements never happen among matches and would give them weights of −40 to −75,
#: vetoing a match on one field; floored, a disagreement weighs about −10.
M_FLOOR = 1e-3


def m_floored(model: dict[str, Any]) -> dict[str, Any]:
    """``model`` with every level's m probability at least :data:`M_FLOOR`, a level
    without one (EM saw no match there) included; each comparison's m renormalised to
    sum to one."""
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        if not any("m_probability" in lv for lv in levels):
            continue  # not trained at all
        for level in levels:  # a level EM never saw among matches has no m: floored too
            level["m_probability"] = max(level.get("m_probability", 0.0), M_FLOOR)
        total = sum(lv["m_probability"] for lv in levels)
        for level in levels:
            level["m_probability"] /= total
    return model


def model_bytes(model: dict[str, Any]) -> bytes:
    """The canonical JSON of a model (sorted keys, the run-specific uid dropped)."""
    clean = {k: v for k, v in model.items() if k != "linker_uid"}
    return json.dumps(clean, sort_keys=True, indent=1, ensure_ascii=False).encode() + b"\n"


@dataclass(frozen=True)
class StoredModel:
    """A trained model as stored: version, settings dict and SHA-256 of its file."""

    version: str
    settings: dict[str, Any]
    sha256: str


def model_save(model: dict[str, Any], *, version: str, trained_on: str,
               directory: Path = MODELS_DIR) -> StoredModel:
    """Write ``model`` as ``<version>.json`` and record its SHA-256 (and what it was
    trained on) in the manifest; an existing version is never overwritten."""
    path = directory / f"{version}.json"
    if path.exists():
        raise FileExistsError(f"model {version} exists; models are versioned, not replaced")
    data = model_bytes(model)
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    manifest_path = directory / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest[version] = {"file": path.name, "sha256": digest, "trained_on": trained_on}
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return StoredModel(version, json.loads(data), digest)


def model_load(version: str = CURRENT_VERSION, *, directory: Path = MODELS_DIR
               ) -> StoredModel:
    """The stored model ``version``, its SHA-256 checked against the manifest."""
    manifest = json.loads((directory / "MANIFEST.json").read_text())
    entry = manifest[version]
    data = (directory / entry["file"]).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["sha256"]:
        raise ValueError(f"model {version}: SHA-256 {digest} is not the manifest's")
    return StoredModel(version, json.loads(data), digest)


def predict(records: pd.DataFrame, registry: pd.DataFrame, *, model: StoredModel,
            backend: Backend = "duckdb", threshold_match_weight: float = -5.0,
            blocking: Blocking = "standard") -> pd.DataFrame:
    """Scored record/person pairs: ``record_id, person_id, match_weight`` and, per
    comparison, its agreement level ``gamma_<name>`` and match weight ``mw_<name>``;
    pairs below the threshold left out."""
    lk = linker(records, registry, model=model.settings, backend=backend, detail=True,
                blocking=blocking)
    scored = lk.inference.predict(threshold_match_weight=threshold_match_weight)
    df = scored.as_pandas_dataframe()
    left_is_record = df["source_dataset_l"] == RECORDS
    out = pd.DataFrame({
        "record_id": df["unique_id_l"].where(left_is_record, df["unique_id_r"]).astype("int64"),
        "person_id": df["unique_id_r"].where(left_is_record, df["unique_id_l"]).astype("int64"),
        "match_weight": df["match_weight"].astype("float64").round(6),
    })
    for column in [c for c in df.columns if c.startswith("gamma_")]:
        out[column] = df[column].astype("int64")
    for column in [c for c in df.columns if c.startswith("mw_")]:
        out[column] = df[column].astype("float64").round(6)
    return out.sort_values(["record_id", "person_id"]).reset_index(drop=True)
