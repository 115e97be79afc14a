"""Keeping the name search indexes (``NameIndex`` of single keys, ``NamePair`` of two keys
of one written name, both with the birth year) and the fuzzy vocabulary (``NameKey``) in
step with the names and birth dates of persons."""

from collections.abc import Iterable

from .models import KEY_LENGTH, NameIndex, NameKey, NamePair, Person, PersonName
from .names import key_deletes, key_pairs, name_tokens

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


def name_pairs_of(name: PersonName) -> set[str]:
    """The key pairs of one written name (surname, given name, patronymic in order)."""
    return key_pairs([key[:KEY_LENGTH] for field, _part in PARTS
                      for key in name_tokens(getattr(name, field))])


def person_keys_text(pairs: set[tuple[str, int]]) -> str:
    """A person's (key, part) pairs as ``NamePair.person_keys`` holds them: "0AHMETOVA
    1JANA 2SERIKIZI" (part number, key), in order."""
    return " ".join(f"{part}{key}" for part, key in sorted((p, k) for k, p in pairs))


def person_keys_parse(text: str) -> list[tuple[str, int]]:
    """The (key, part) pairs of a ``NamePair.person_keys`` text."""
    return [(token[1:], int(token[0])) for token in text.split()]


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
    """Recompute the index rows and pairs of one person from all its written names and
    its birth date."""
    pairs: set[tuple[str, int]] = set()
    joined: set[str] = set()
    for name in person.names.all():
        pairs |= name_keys_of(name)
        joined |= name_pairs_of(name)
    year = person.birth_date.year
    NameIndex.objects.filter(person=person).delete()
    NameIndex.objects.bulk_create(
        [NameIndex(person=person, key=key, part=part, birth_year=year)
         for key, part in sorted(pairs)]
    )
    NamePair.objects.filter(person=person).delete()
    keys = person_keys_text(pairs)
    NamePair.objects.bulk_create(
        [NamePair(person=person, key=key, birth_year=year, person_keys=keys)
         for key in sorted(joined)]
    )
    vocabulary_extend(key for key, _ in pairs)
