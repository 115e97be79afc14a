"""The kk and ru catalogues translate every message, with no entry left fuzzy."""

import pytest

from .catalogues import catalogue


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = catalogue(language)
    assert len(entries) > 500
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in entries if not all(s.strip() for s in e.msgstr)]
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy}"
    assert untranslated == [], f"untranslated in {language}: {untranslated}"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_catalogue_has_every_english_message(language):
    english = {(e.context, e.msgid) for e in catalogue("en")}
    translated = {(e.context, e.msgid) for e in catalogue(language)}
    assert english - translated == set()
