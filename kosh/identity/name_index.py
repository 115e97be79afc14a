"""Keeping the name search index (``NameIndex``) and its fuzzy vocabulary (``NameKey``)
in step with the names of persons."""

from collections.abc import Iterable

from .models import KEY_LENGTH, NameIndex, NameKey, Person, PersonName
from .names import key_deletes, name_tokens

PARTS = (
    ("surname", NameIndex.Part.SURNAME),
    ("given_name", NameIndex.Part.GIVEN),
    ("patronymic", NameIndex.Part.PATRONYMIC),
)


def name_keys_of(name: PersonName) -> set[tuple[str, int]]:
    """The (key, part) pairs of one written name."""
    return {
        (key[:KEY_LENGTH], part)
        for field, part in PARTS
        for key in name_tokens(getattr(name, field))
    }


def vocabulary_extend(keys: Iterable[str], *, batch_size: int = 5000) -> None:
    """Add keys (with their one-deletion variants) to the fuzzy vocabulary; keys already
    present are skipped."""
    keys = set(keys)
    known: set[str] = set()
    key_list = sorted(keys)
    for i in range(0, len(key_list), 1000):
        chunk = key_list[i : i + 1000]
        known.update(
            NameKey.objects.filter(variant__in=chunk, key__in=chunk).values_list("key", flat=True)
        )
    rows = [
        NameKey(variant=variant, key=key)
        for key in sorted(keys - known)
        for variant in sorted(key_deletes(key))
    ]
    NameKey.objects.bulk_create(rows, ignore_conflicts=True, batch_size=batch_size)


def name_index_rebuild(person: Person) -> None:
    """Recompute the index rows of one person from all its written names."""
    pairs: set[tuple[str, int]] = set()
    for name in person.names.all():
        pairs |= name_keys_of(name)
    NameIndex.objects.filter(person=person).delete()
    NameIndex.objects.bulk_create(
        [NameIndex(person=person, key=key, part=part) for key, part in sorted(pairs)]
    )
    vocabulary_extend(key for key, _ in pairs)
