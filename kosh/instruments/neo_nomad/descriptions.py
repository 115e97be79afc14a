# ruff: noqa: E501 (each message on one line, as the catalogue has it)
"""The descriptions of this folder's dated YAML parameters, as catalogue messages: a
decision's "parameters applied" shows each by its description in the reader's language
(``kosh.cases.evaluation``). A new parameter's description is added here;
tests/languages/test_catalogues.py fails on one that is missing (docs/languages.md)."""

from django.utils.translation import gettext_noop

PARAMETER_DESCRIPTIONS = frozenset({
    gettext_noop('A tax return issued by the competent authority of the country of citizenship is required'),
    gettext_noop('Citizenships that cannot get the visa (ISO 3166-1 alpha-3)'),
    gettext_noop('Citizenships that need no invitation from a Kazakh tour operator (Appendix 6 of the Visa Rules)'),
    gettext_noop('For citizens of the Appendix 6 countries (no invitation)'),
    gettext_noop('For citizens who need an invitation'),
    gettext_noop('Income exactly equal to the threshold meets it (true) or must exceed it (false)'),
    gettext_noop('Monthly income the applicant must have in each of the last months, in US dollars'),
    gettext_noop('Number of complete calendar months before the application whose income is checked'),
    gettext_noop('Number of one-year extensions the holder may ask the MVD for'),
    gettext_noop('The Neo Nomad Visa can be issued'),
    gettext_noop('The holder may work for companies in Kazakhstan'),
    gettext_noop('Validity of the visa from the day of entry'),
    gettext_noop('Ways of working that qualify (values of the work_arrangement input)'),
})
