# ruff: noqa: E501 (each message on one line, as the catalogue has it)
"""The descriptions of this folder's dated YAML parameters, as catalogue messages: a
decision's "parameters applied" shows each by its description in the reader's language
(``kosh.cases.evaluation``). A new parameter's description is added here;
tests/languages/test_catalogues.py fails on one that is missing (docs/languages.md)."""

from django.utils.translation import gettext_noop

PARAMETER_DESCRIPTIONS = frozenset({
    gettext_noop('Grounds for the card besides Kazakh nationality (codes of the ata_zholy_basis input)'),
    gettext_noop('Processing time, in working days'),
    gettext_noop('The Ata Zholy card can be given'),
    gettext_noop("Validity of the card, but never beyond the national passport's expiry"),
})
