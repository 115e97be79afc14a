"""The kk and ru catalogues translate every message, with no entry left fuzzy."""

import pytest

from .catalogues import LOCALE, catalogue


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


def test_every_rules_parameter_description_is_a_message():
    """A decision shows the parameters it applied by their description, translated: each
    description of a dated YAML parameter is listed in the descriptions.py of its folder
    (the instrument's, or kosh/rules for the shared ones)."""
    import importlib

    import yaml

    kosh = LOCALE.parent
    files = [*kosh.glob("instruments/*/parameters/**/*.yaml"),
             *kosh.glob("rules/parameters/**/*.yaml")]
    assert len(files) > 20
    missing = []
    for f in files:
        description = yaml.safe_load(f.read_text()).get("description")
        if f.name == "index.yaml" or not description:
            continue
        folder = f.relative_to(kosh.parent).parts[:3 if "instruments" in f.parts else 2]
        module = importlib.import_module(".".join(folder) + ".descriptions")
        if description not in module.PARAMETER_DESCRIPTIONS:
            missing.append((str(f), description))
    assert missing == []
