"""The demanded-professions list of 20 Feb 2023 (MLSP order No. 49, 21 professions, 12 of
them named in the sources — kosh/instruments/demanded_professions/parameters) beside the
demanded-professions rating: each named profession's ISCO-08 unit group, its rank and why
it is (or is not) within the first 21."""

from __future__ import annotations

from typing import Any

from .cycle import explanation

LIST_SIZE = 21
#: The named professions and the ISCO-08 unit group each falls in (ISCO index of
#: occupational titles): five medical specialities share 2212, aviation and space
#: engineers share 2144 (aeronautical engineers).
NAMED: dict[str, tuple[str, str]] = {
    "neurosurgeon": ("Neurosurgeon", "2212"),
    "haematologist": ("Haematologist", "2212"),
    "oncologist": ("Oncologist", "2212"),
    "neonatologist": ("Neonatologist", "2212"),
    "endocrinologist": ("Endocrinologist", "2212"),
    "it_infrastructure_architect": ("IT infrastructure architect", "2523"),
    "software_architect": ("Software architect", "2512"),
    "aviation_engineer": ("Aviation engineer", "2144"),
    "laser_engineer": ("Laser engineer", "2152"),
    "space_systems_engineer": ("Space systems engineer", "2144"),
    "bacteriologist": ("Bacteriologist", "2131"),
    "medical_physicist": ("Medical physicist", "2111"),
}
RATING = "demanded_professions"


def list_compared(result: dict[str, Any]) -> list[dict[str, Any]]:
    """For each named profession: its unit group, rank in the demanded-professions rating,
    whether the rating reproduces it (rank ≤ 21) and why — the strongest and the weakest
    indicator of its score (weight × normalised score against the weight)."""
    out = []
    for code, (label, isco) in NAMED.items():
        shown = explanation(result, isco, RATING)
        item: dict[str, Any] = {"code": code, "label": label, "isco08": isco,
                                "rank": None, "listed": False, "strongest": "",
                                "weakest": "", "missing": shown is None}
        if shown is not None:
            weighted = [line for line in shown["lines"] if line["weight"] > 0]
            item.update(
                rank=shown["rank"], listed=bool(shown["rank"]) and shown["rank"] <= LIST_SIZE,
                title=shown["row"]["title"], score=shown["total"],
                strongest=max(weighted, key=lambda line: line["score"])["indicator"],
                weakest=min(weighted, key=lambda line: line["score"])["indicator"])
        out.append(item)
    return out
