# ruff: noqa: E501 (each message on one line, as the catalogue has it)
"""The descriptions of this folder's dated YAML parameters, as catalogue messages: a
decision's "parameters applied" shows each by its description in the reader's language
(``kosh.cases.evaluation``). A new parameter's description is added here;
tests/languages/test_catalogues.py fails on one that is missing (docs/languages.md)."""

from django.utils.translation import gettext_noop

PARAMETER_DESCRIPTIONS = frozenset({
    gettext_noop('Expected processing time, in working days'),
    gettext_noop('The B9 visa for in-demand professions can be issued'),
    gettext_noop('The list of professions in demand (codes of the profession input), one dated value per version of the order'),
    gettext_noop('Validity of the B9 visa (single or multiple entry)'),
})
