
"""The descriptions of this folder's dated YAML parameters, as catalogue messages: a
decision's "parameters applied" shows each by its description in the reader's language
(``kosh.cases.evaluation``). A new parameter's description is added here;
tests/languages/test_catalogues.py fails on one that is missing (docs/languages.md)."""

from django.utils.translation import gettext_noop

PARAMETER_DESCRIPTIONS = frozenset({
    gettext_noop('Academic roles that qualify (codes of the academic_role input)'),
    gettext_noop('Applications for the long-term visa for teachers and scientists are taken'),
    gettext_noop('Expected processing time, in working days'),
    gettext_noop('Validity of the long-term visa'),
})
