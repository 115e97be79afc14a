# ruff: noqa: E501 (each message on one line, as the catalogue has it)
"""The descriptions of this folder's dated YAML parameters, as catalogue messages: a
decision's "parameters applied" shows each by its description in the reader's language
(``kosh.cases.evaluation``). A new parameter's description is added here;
tests/languages/test_catalogues.py fails on one that is missing (docs/languages.md)."""

from django.utils.translation import gettext_noop

PARAMETER_DESCRIPTIONS = frozenset({
    gettext_noop('An investment exactly equal to the threshold meets it (true) or must exceed it (false)'),
    gettext_noop('Expected processing time, in working days'),
    gettext_noop('One-time investment in the economy of Kazakhstan, in US dollars'),
    gettext_noop('The investment must have been made within this many months before the application (0 = no limit)'),
    gettext_noop('The investor visa (A6) can be issued'),
    gettext_noop('Validity of the multiple-entry A6 visa'),
})
