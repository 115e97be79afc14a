# ruff: noqa: E501 (each message on one line, as the catalogue has it)
"""The descriptions of this folder's dated YAML parameters, as catalogue messages: a
decision's "parameters applied" shows each by its description in the reader's language
(``kosh.cases.evaluation``). A new parameter's description is added here;
tests/languages/test_catalogues.py fails on one that is missing (docs/languages.md)."""

from django.utils.translation import gettext_noop

PARAMETER_DESCRIPTIONS = frozenset({
    gettext_noop('Applications for the 10-year visa for ethnic Kazakhs with valuable skills are taken'),
    gettext_noop('Expected processing time, in working days'),
    gettext_noop('Fields of valuable skills (codes of the skill_field input)'),
    gettext_noop('Validity of the visa'),
})
