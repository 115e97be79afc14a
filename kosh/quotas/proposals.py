"""The shape every quota proposal takes, whichever method computed it.

The baseline method (a share of the labour force, ``kosh.quotas.baseline``) and the
rating-driven method (``kosh.ratings``) both produce a list of ``QuotaLineProposal``;
``quota_set_propose`` turns such a list into a draft quota set an official adjusts and
approves.
"""
from __future__ import annotations

from dataclasses import dataclass

#: The kinds of quota Kosh keeps a ledger for.
KINDS: tuple[str, ...] = ("foreign_labour", "household_workers", "kandas", "resettlers")

#: Labour-permit categories of the foreign-labour quota (Order No. 559, see INSTRUMENTS.md).
PERMIT_CATEGORIES: tuple[str, ...] = ("1", "2", "3", "4", "seasonal")


@dataclass(frozen=True)
class QuotaLineProposal:
    """One proposed quota line: how many places of one kind, category and region in a year.

    ``kind`` is one of ``KINDS``; ``category`` the labour-permit category ("1"–"4",
    "seasonal") for foreign labour, an ISCO-08 major group or "" as the kind needs;
    ``region`` a KATO region code ("" for national); ``basis`` a sentence saying how the
    amount was computed.
    """

    kind: str
    category: str
    region: str
    year: int
    amount: int
    basis: str
