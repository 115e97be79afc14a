"""The columns the linkage model compares, computed the same way for source records and
for the registry's persons.

Names become transliteration-normalised keys (:func:`kosh.identity.names.name_key`), so
Жанна, ZHANNA and Janna compare equal before any string distance is taken; a birth date
also gets its day/month-swapped form, so a record written 03.07 for 07.03 can be blocked
and scored as "swapped" rather than "different".
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kosh.identity.names import name_key

#: The columns of a linkage frame, in order (``unique_id`` first).
COLUMNS: tuple[str, ...] = (
    "unique_id", "iin", "document_number", "birth_date", "birth_date_swapped",
    "birth_year", "sex", "surname_key", "given_key", "patronymic_key", "region",
)  # fmt: skip


def _keys(values: pd.Series) -> pd.Series:
    """name_key of every value, computed once per distinct value; empty keys are null."""
    text = values.astype("object").where(values.notna(), "")
    distinct = {v: name_key(str(v)) or None for v in pd.unique(text)}
    return text.map(distinct).astype("object")


def swapped_date(iso: str | None) -> str | None:
    """``iso`` with day and month exchanged when that is another valid date, else None
    (``1990-03-07`` → ``1990-07-03``; ``1990-03-03`` and ``1990-03-25`` → None)."""
    if not isinstance(iso, str) or len(iso) != 10:
        return None
    year, month, day = iso[:4], iso[5:7], iso[8:10]
    if month == day:
        return None
    try:
        return dt.date(int(year), int(day), int(month)).isoformat()
    except ValueError:
        return None


def _clean(values: pd.Series) -> pd.Series:
    """Strings stripped, empty strings null, as plain Python objects."""
    text = values.astype("object").where(values.notna(), None)
    return text.map(lambda v: (str(v).strip() or None) if v is not None else None)


def linkage_frame(
    df: pd.DataFrame,
    *,
    id_column: str,
    surname: str = "surname",
    given_name: str = "given_name",
    patronymic: str = "patronymic",
    document_number: str | None = None,
) -> pd.DataFrame:
    """The linkage columns (:data:`COLUMNS`) of ``df``: registry persons or source records.

    ``df`` needs ``birth_date`` (ISO string or date), ``sex``, the name columns and
    optionally ``iin``, ``region`` and a document number column.
    """
    birth = df["birth_date"].astype("object").map(
        lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)[:10])
    out = pd.DataFrame({
        "unique_id": df[id_column].astype("int64"),
        "iin": _clean(df["iin"]) if "iin" in df else None,
        "document_number": (_clean(df[document_number]).map(
            lambda v: v.replace(" ", "").upper() if v else None)
            if document_number else None),
        "birth_date": birth,
        "birth_date_swapped": birth.map(swapped_date),
        "birth_year": birth.map(lambda v: v[:4] if v else None),
        "sex": _clean(df["sex"].astype("object")),
        "surname_key": _keys(df[surname]),
        "given_key": _keys(df[given_name]),
        "patronymic_key": _keys(df[patronymic]) if patronymic in df else None,
        "region": _clean(df["region"].astype("object")) if "region" in df else None,
    })
    for column in COLUMNS[1:]:
        out[column] = out[column].astype("object")
    return out.reset_index(drop=True)
