"""Name keys for matching Kazakh and Russian names across scripts and romanisations.

:func:`name_key` maps a name written in Cyrillic (Kazakh or Russian), passport/ICAO Latin,
BGN/PCGN 1979, the 2018 Latin alphabet (acutes) or the 2021 one (Ä Ğ Ñ Ö Q Ū Ü Ş İ ı J) to
a key of uppercase ASCII letters A-Z, so that e.g. Жанна, ZHANNA and Janna all give ``JANA``.

Rules, in order:

1. NFKC; apostrophe-like marks (' ’ ʼ ‘ ` ´ ” ″ ʻ) are dropped; any other non-letter
   separates parts.
2. Cyrillic letters become the passport ICAO column of ``data/letter_table.csv`` (Ә→A, Ж→ZH,
   Х→KH, Ю→IU, Я→IA, Ь→nothing…; a few non-Kazakh Cyrillic letters are added: Є Ї Ґ Ў Ј).
3. Latin letters mapped explicitly: Ş→SH, Ç→CH, ı/İ→I, Ý→U (2018: Ý is У), ß→SS,
   Æ→AE, Œ→OE, Ø→O, Ł→L, Đ→D, Þ→TH; every other letter loses its diacritics (NFKD: Ä→A,
   Ğ→G, Ñ→N, Ū→U, Ǵ→G, Ń→N …); letters that still are not A-Z are dropped.
4. Then on each part, repeated until nothing changes: Q→K; DZH→J, DJ→J, GH→G (BGN Ғ),
   KH→H, ZH→J (themselves repeated until nothing changes); a leading YE→E (YERLAN = ERLAN);
   Y→I (so IU/YU and IA/YA coincide); IU after a consonant→U (Russian-style Айгюль AIGIUL,
   Aigyul = AIGUL); doubled letters collapse (ASSEL = ASEL, IULIIA = IULIA).
5. The parts are joined and step 4 runs once more on the whole (so a key is a fixed point:
   ``name_key(name_key(x)) == name_key(x)``).

Known non-coincidences, left to the edit-distance-1 search of :func:`key_deletes`:
BGN Ң = NG vs passport N (TENGIZ vs TENIZ); BGN Й = Y, so an initial ЙЕ reads YE → E;
Ё = Yo/Io vs E; Ъ = IE vs nothing; 2021 Щ = ŞŞ vs SHCH; Russian contractions (Baurzhan vs
Bauyrzhan); CH vs SH (Chingis vs Shyngys); other names (Dauletbek, Gulnara, Jeanne).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

Scheme = Literal["passport_icao_kz", "bgnpcgn_1979", "latin_2018_decree569", "latin_2021"]
SCHEMES: tuple[Scheme, ...] = (
    "passport_icao_kz",
    "bgnpcgn_1979",
    "latin_2018_decree569",
    "latin_2021",
)
DATA_DIR = Path(__file__).resolve().parent / "data"

_APOSTROPHES = "'’ʼ‘`´”″ʻ"
_EXTRA_CYRILLIC = {"Є": "IE", "Ї": "I", "Ґ": "G", "Ў": "U", "Ј": "J"}
_LATIN_SPECIAL = {
    "Ş": "SH", "Ç": "CH", "İ": "I", "Ý": "U", "ẞ": "SS",
    "Æ": "AE", "Œ": "OE", "Ø": "O", "Ł": "L", "Đ": "D", "Þ": "TH",
}  # fmt: skip
_LATIN_SPECIAL_LOWER = {"ı": "I"}
_NOT_AZ = re.compile(r"[^A-Z]+")
_DIGRAPHS = re.compile(r"DZH|DJ|GH|KH|ZH")
_DIGRAPH_MAP = {"DZH": "J", "DJ": "J", "GH": "G", "KH": "H", "ZH": "J"}
_LEADING_YE = re.compile(r"^YE")
_CONSONANT_IU = re.compile(r"([B-DF-HJ-NP-TV-Z])IU")
_DOUBLES = re.compile(r"(.)\1+")


@cache
def letter_table() -> dict[str, dict[str, str]]:
    """Upper-case Kazakh Cyrillic letter → {scheme: romanisation} (``~`` markers dropped)."""
    with (DATA_DIR / "letter_table.csv").open(encoding="utf-8", newline="") as f:
        return {
            row["cyrillic_upper"]: {s: row[s].replace("~", "") for s in SCHEMES}
            for row in csv.DictReader(f)
        }


@cache
def name_variants() -> list[dict[str, str]]:
    """The rows of ``data/name_variants.csv`` (reference names with their spellings)."""
    with (DATA_DIR / "name_variants.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def _key_translation() -> dict[int, str]:
    """str.translate table for rules 1-3 (before NFKD)."""
    table: dict[str, str] = {}
    for upper, row in letter_table().items():
        table[upper] = table[upper.lower()] = row["passport_icao_kz"]
    for upper, value in _EXTRA_CYRILLIC.items():
        table[upper] = table[upper.lower()] = value
    for upper, value in _LATIN_SPECIAL.items():
        table[upper] = value
        if len(upper.lower()) == 1:
            table[upper.lower()] = value
    table.update(_LATIN_SPECIAL_LOWER)
    for mark in _APOSTROPHES:
        table[mark] = ""
    return str.maketrans(table)


def _rules(part: str) -> str:
    """Rule 4 applied until a fixed point."""
    while True:
        new, old = part.replace("Q", "K"), ""
        while new != old:  # digraphs first, to their own fixed point: ZZKH → ZZH → ZJ
            new, old = _DIGRAPHS.sub(lambda m: _DIGRAPH_MAP[m.group()], new), new
        new = _LEADING_YE.sub("E", new).replace("Y", "I")
        new = _DOUBLES.sub(r"\1", _CONSONANT_IU.sub(r"\1U", new))
        if new == part:
            return part
        part = new


@lru_cache(maxsize=200_000)
def _parts(text: str) -> tuple[str, ...]:
    composed = unicodedata.normalize("NFKC", text)  # Й, Ş precomposed; 𝓺 → q
    ascii_text = unicodedata.normalize("NFKD", composed.translate(_key_translation()))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").upper()
    return tuple(p for p in (_rules(p) for p in _NOT_AZ.split(ascii_text)) if p)


def name_key(text: str) -> str:
    """The matching key of ``text`` taken as one token (separators are dropped): uppercase
    A-Z only, possibly empty. See the module docstring for the rules."""
    return _rules("".join(_parts(text)))


def name_tokens(text: str) -> list[str]:
    """The keys of the tokens of a full name, in order, empty ones omitted.

    Tokens are separated by anything that is not a letter or an apostrophe (spaces, hyphens,
    commas…): ``"Akhmetov, Nurlan"`` → ``["AHMETOV", "NURLAN"]``.
    """
    return list(_parts(text))


def key_deletes(key: str) -> set[str]:
    """``key`` and every string made by deleting one character of it (symmetric-delete
    search, edit distance 1). Keys shorter than 3 characters give only themselves.

    Two keys within edit distance 1 (both at least 3 long) share an element; keys sharing
    an element are within edit distance 2.
    """
    if len(key) < 3:
        return {key}
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


PAIR_TOKENS = 6  # tokens of a written name paired at most (15 pairs)


def key_pairs(keys: list[str]) -> set[str]:
    """The pairs of a written name's keys in the order they are written, each "FIRST
    SECOND": every two tokens, not only neighbours, so that a query naming any two parts
    of the name (surname and given name, given name and patronymic…) in either order finds
    it with one lookup. ``["AHMETOVA", "JANA", "SERIKIZI"]`` → ``{"AHMETOVA JANA",
    "AHMETOVA SERIKIZI", "JANA SERIKIZI"}``."""
    keys = keys[:PAIR_TOKENS]
    return {f"{a} {b}" for i, a in enumerate(keys) for b in keys[i + 1 :] if a != b}


def script_of(text: str) -> Literal["cyrl", "latn", "mixed"]:
    """The script of ``text``: "cyrl" if every letter is Cyrillic (at least one), "latn" if
    every letter is Latin or there are no letters, otherwise "mixed" (both scripts, or letters
    of another script). Modifier letters such as ʼ are ignored."""
    scripts = {
        unicodedata.name(c, "").split(" ", 1)[0]
        for c in text
        if c.isalpha() and unicodedata.category(c) != "Lm"
    }
    if not scripts or scripts == {"LATIN"}:
        return "latn"
    if scripts == {"CYRILLIC"}:
        return "cyrl"
    return "mixed"


@cache
def _case_forms(scheme: Scheme) -> dict[str, tuple[str, str, str]]:
    """Cyrillic upper letter → (UPPER, Title, lower) romanisation in ``scheme``."""
    forms = {}
    for upper, row in letter_table().items():
        value = row[scheme]
        lower = value.replace("İ", "i").lower()
        if scheme == "latin_2021" and upper == "І":
            lower = "ı"
        forms[upper] = (value.upper(), value[:1] + lower[1:], lower)
    return forms


_CYRILLIC_WORD = re.compile(r"\w+")


def transliterate(text: str, scheme: Scheme) -> str:
    """Romanise the Kazakh/Russian Cyrillic letters of ``text`` in ``scheme``; everything
    else is kept. Case follows the source: a word in capitals stays in capitals (ЖАННА →
    ZHANNA), a capital letter otherwise gives a title-case digraph (Жанна → Zhanna).
    Approximations marked ``~`` in the letter table are used without the mark.
    """
    forms = _case_forms(scheme)

    def word(m: re.Match[str]) -> str:
        w = m.group()
        cased = [c for c in w if c.isupper() or c.islower()]
        all_caps = len(cased) > 1 and all(c.isupper() for c in cased)
        out = []
        for c in w:
            f = forms.get(c.upper())
            if f is None:
                out.append(c)
            elif c.isupper():
                out.append(f[0] if all_caps else f[1])
            else:
                out.append(f[2])
        return "".join(out)

    return _CYRILLIC_WORD.sub(word, text)
