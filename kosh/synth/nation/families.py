"""Families of kandas and resettlers: who is in them, how old, and names that belong
together (one surname in its male and female forms, children's patronymics from the
head's given name)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from kosh.synth.persons import (
    names_encode,
    patronymic_kazakh,
    patronymic_russian,
    surname_female,
)

ROLES = ("head", "spouse", "child", "parent")
SIZES = np.arange(1, 9)
SIZE_P = np.array([0.16, 0.16, 0.20, 0.21, 0.14, 0.07, 0.04, 0.02])  # mean 3.5
HEAD, SPOUSE, CHILD, PARENT = range(4)


@dataclass(frozen=True)
class Families:
    """Members of families, head first in each family (rows grouped by family)."""

    family: np.ndarray  # 0-based family number of each member
    role: np.ndarray  # index into ROLES
    female: np.ndarray
    age: np.ndarray  # whole years when the family moved

    @property
    def count(self) -> int:
        return int(self.family[-1]) + 1 if self.family.size else 0

    @property
    def heads(self) -> np.ndarray:
        """Row of each family's head (one per family, in family order)."""
        return np.flatnonzero(self.role == HEAD)


def families_draw(rng: np.random.Generator, n: int) -> Families:
    """Exactly ``n`` persons in families of 1–8 (the last family cut to fit)."""
    sizes = rng.choice(SIZES, size=max(1, n), p=SIZE_P)
    ends = np.cumsum(sizes)
    k = int(np.searchsorted(ends, n)) + 1 if n else 0
    sizes = sizes[:k].copy()
    if k:
        sizes[-1] -= int(ends[k - 1] - n)
    family = np.repeat(np.arange(k), sizes)
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    position = np.arange(n) - starts
    size = np.repeat(sizes, sizes)
    has_spouse = np.repeat(rng.random(k) < 0.85, sizes)
    has_parent = np.repeat(rng.random(k) < 0.25, sizes) & (size >= 4)
    role = np.full(n, CHILD, dtype=np.int8)
    role[position == 0] = HEAD
    role[(position == 1) & has_spouse] = SPOUSE
    role[(position == size - 1) & has_parent & (position > 1)] = PARENT

    head_age = np.repeat(np.clip(rng.triangular(21, 34, 61, size=k), 21, 60).astype(int),
                         sizes)
    head_female = np.repeat(rng.random(k) < 0.2, sizes)
    age = head_age.copy()
    female = head_female.copy()
    spouse = role == SPOUSE
    age[spouse] = np.clip(head_age[spouse] + rng.normal(-2, 3, spouse.sum()), 18, 80)
    female[spouse] = ~head_female[spouse]
    child = role == CHILD
    span = np.clip(head_age[child] - 19, 1, 26)
    age[child] = (rng.random(child.sum()) * span).astype(int)
    female[child] = rng.random(child.sum()) < 0.49
    parent = role == PARENT
    age[parent] = np.clip(head_age[parent] + rng.integers(22, 32, parent.sum()), 50, 90)
    female[parent] = rng.random(parent.sum()) < 0.65
    return Families(family=family, role=role, female=female, age=age.astype(np.int64))


def families_concat(parts: list[Families]) -> Families:
    """Several draws as one, family numbers running on."""
    offsets = np.cumsum([0] + [f.count for f in parts[:-1]])
    return Families(
        family=np.concatenate([f.family + o for f, o in zip(parts, offsets, strict=True)]),
        role=np.concatenate([f.role for f in parts]),
        female=np.concatenate([f.female for f in parts]),
        age=np.concatenate([f.age for f in parts]),
    )


def _surname_for(surname: str, female: bool) -> str:
    """The head's surname in the form for a member of the given sex."""
    if female:
        for m, f in (("ұлы", "қызы"), ("улы", "кызы")):
            if surname.endswith(m):
                return surname[: -len(m)] + f
        return surname_female(surname)
    for f, m in (("қызы", "ұлы"), ("кызы", "улы"), ("ская", "ский"), ("цкая", "цкий")):
        if surname.endswith(f):
            return surname[: -len(f)] + m
    if surname.endswith(("ова", "ева", "ёва", "ина", "ына")):
        return surname[:-1]
    return surname


def _patronymic_from(father: str, style_of: str, female: bool) -> str:
    """A child's patronymic in the style of the head's own (Kazakh, Russian or none)."""
    sex = "F" if female else "M"
    if style_of.endswith(("ұлы", "қызы", "улы", "кызы")):
        return patronymic_kazakh(father, sex)
    if style_of.endswith(("ич", "на")):
        return patronymic_russian(father, sex)
    return ""


def family_names(names: dict[str, pa.DictionaryArray], fam: Families,
                 keep_own_surname: np.ndarray) -> dict[str, pa.DictionaryArray]:
    """Members take the head's surname (spouses unless ``keep_own_surname``), children
    the patronymic from the head's given name (when the head is a man)."""
    surname = names["surname"].to_pylist()
    given = names["given_name"].to_pylist()
    patronymic = names["patronymic"].to_pylist()
    heads = fam.heads
    head_of = heads[fam.family]
    for i in np.flatnonzero(fam.role != HEAD):
        h = int(head_of[i])
        role, female = fam.role[i], bool(fam.female[i])
        if role == SPOUSE and keep_own_surname[i]:
            continue
        if role == PARENT:
            if not female:
                surname[i] = _surname_for(surname[h], False)
            continue
        surname[i] = _surname_for(surname[h], female)
        if role == CHILD and not fam.female[h]:
            patronymic[i] = _patronymic_from(given[h], patronymic[h], female)
    vocabulary: dict[str, int] = {}

    def index(values: list[str]) -> np.ndarray:
        return np.fromiter((vocabulary.setdefault(v, len(vocabulary)) for v in values),
                           dtype=np.int32, count=len(values))

    s, g, p = index(surname), index(given), index(patronymic)
    return names_encode(list(vocabulary), s, g, p)
