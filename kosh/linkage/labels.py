"""Words for the review pages: each comparison and each of its agreement levels (the
model's ``gamma`` values: -1 missing, 0 different, higher = closer)."""

from django.utils.translation import gettext_lazy as _

FIELD_LABELS = {
    "iin": _("IIN"), "surname": _("surname"), "given_name": _("given name"),
    "patronymic_key": _("patronymic"), "birth_date": _("date of birth"), "sex": _("sex"),
    "region": _("region"),
}
#: (record field, registry field) shown side by side for each comparison.
FIELD_COLUMNS = {
    "iin": ("iin", "iin"), "surname": ("surname", "surname"),
    "given_name": ("given_name", "given_name"), "patronymic_key": ("patronymic", "patronymic"),
    "birth_date": ("birth_date", "birth_date"), "sex": ("sex", "sex"),
    "region": ("region", "region"),
}
_SAME, _DIFFERENT = _("the same"), _("different")
_NAME_LEVELS = {6: _("the same (after transliteration)"), 5: _("in the other name field"),
                4: _("very similar"), 3: _("one letter apart"),
                2: _("in the other name field, similar"), 1: _("somewhat similar"),
                0: _DIFFERENT}
LEVEL_LABELS = {
    "iin": {1: _SAME, 0: _DIFFERENT},
    "surname": _NAME_LEVELS,
    "given_name": _NAME_LEVELS,
    "patronymic_key": {3: _SAME, 2: _("very similar"), 1: _("somewhat similar"),
                       0: _DIFFERENT},
    "birth_date": {4: _SAME, 3: _("day and month swapped"), 2: _("one digit apart"),
                   1: _("same year only"), 0: _DIFFERENT},
    "sex": {1: _SAME, 0: _DIFFERENT},
    "region": {1: _SAME, 0: _DIFFERENT},
}
MISSING = _("missing on one side")


def level_label(name: str, level: int) -> str:
    """The words for agreement ``level`` of comparison ``name``."""
    if level < 0:
        return str(MISSING)
    return str(LEVEL_LABELS.get(name, {}).get(level, level))


def side_by_side(record: dict, person: dict | None, comparisons: list[dict]) -> list[dict]:
    """Rows of the review page: field, the record's value, the registry's value, the
    agreement level in words and its match weight."""
    by_name = {c["name"]: c for c in comparisons}
    rows = []
    for name, (left, right) in FIELD_COLUMNS.items():
        found = by_name.get(name)
        rows.append({
            "name": name, "label": FIELD_LABELS[name],
            "record": record.get(left) or "", "person": (person or {}).get(right) or "",
            "level": level_label(name, found["level"]) if found else "",
            "weight": found["weight"] if found else None,
        })
    return rows
