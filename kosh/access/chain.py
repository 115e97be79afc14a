"""The audit log's hash chain: how an event's hash is computed and how the chain is checked.

An event's hash is the SHA-256 (hex) of the previous event's hash followed by a canonical
JSON serialisation of the event's fields (sorted keys, no spaces, UTF-8, the time in UTC
with microseconds). The first event follows ``GENESIS``. Changing any covered field of a
stored event, or removing an event, breaks the chain at that place."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def json_normal(value: Any) -> Any:
    """The value as it comes back from a JSON column (tuples become lists, and so on)."""
    return None if value is None else json.loads(json.dumps(value))


def canonical(fields: Mapping[str, Any]) -> str:
    """The text an event's hash covers after the previous hash (sorted keys, no spaces,
    UTF-8, times in UTC with microseconds)."""

    def plain(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat(timespec="microseconds")
        return value

    return json.dumps({k: plain(v) for k, v in fields.items()}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False)


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The hash of an event with these fields following ``prev_hash``."""
    return hashlib.sha256((prev_hash + canonical(fields)).encode()).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of walking the chain: ``broken_at`` is the id of the first event whose
    hash or link does not match (``None`` when the chain is intact)."""

    count: int
    last_hash: str
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def chain_walk(rows: Iterable[Mapping[str, Any]], fields: Iterable[str],
               head_hash: str | None, head_event_id: int | None) -> ChainCheck:
    """Check rows (in id order, each with ``id``, ``prev_hash``, ``hash`` and ``fields``)
    against each other and against the chain head."""
    fields = tuple(fields)
    expected, count = GENESIS, 0
    for row in rows:
        if row["prev_hash"] != expected:
            return ChainCheck(count, expected, row["id"],
                              "link does not match the event before (an event was removed "
                              "or changed)")
        if event_hash(row["prev_hash"], {f: row[f] for f in fields}) != row["hash"]:
            return ChainCheck(count, expected, row["id"], "hash does not match (event changed)")
        expected, count = row["hash"], count + 1
    if head_hash is not None and head_hash != expected:
        return ChainCheck(count, expected, head_event_id,
                          "the newest events are missing (the chain head names this event)")
    return ChainCheck(count, expected)
