# ruff: noqa: E501 (each message on one line, as the catalogue has it)
"""The descriptions of the rules' parameters (the ``description`` of each dated YAML
parameter under kosh/instruments/*/parameters and kosh/rules/parameters), as messages of
the catalogues: a decision's "parameters applied" shows them in the reader's language
(``kosh.cases.evaluation.parameters_used``). A new parameter's description goes here too;
tests/languages/test_catalogues.py fails on one that is missing."""

from django.utils.translation import gettext_noop

PARAMETER_DESCRIPTIONS = frozenset({
    gettext_noop('A second officer decides a paper application for this instrument (four-eyes)'),
    gettext_noop('A tax return issued by the competent authority of the country of citizenship is required'),
    gettext_noop('Academic roles that qualify (codes of the academic_role input)'),
    gettext_noop('An investment exactly equal to the threshold meets it (true) or must exceed it (false)'),
    gettext_noop('Applications for the 10-year visa for ethnic Kazakhs with valuable skills are taken'),
    gettext_noop('Applications for the long-term visa for teachers and scientists are taken'),
    gettext_noop('Citizenships that cannot get the visa (ISO 3166-1 alpha-3)'),
    gettext_noop('Citizenships that need no invitation from a Kazakh tour operator (Appendix 6 of the Visa Rules)'),
    gettext_noop('Expected processing time, in working days'),
    gettext_noop('Fields of valuable skills (codes of the skill_field input)'),
    gettext_noop('For citizens of the Appendix 6 countries (no invitation)'),
    gettext_noop('For citizens who need an invitation'),
    gettext_noop('Grounds for the card besides Kazakh nationality (codes of the ata_zholy_basis input)'),
    gettext_noop('Income exactly equal to the threshold meets it (true) or must exceed it (false)'),
    gettext_noop('Longest stay (in days, first and last day counted) that needs no insurance'),
    gettext_noop('Monthly income the applicant must have in each of the last months, in US dollars'),
    gettext_noop('Months from the day the refusal was received to file an administrative complaint with the superior body'),
    gettext_noop('Number of complete calendar months before the application whose income is checked'),
    gettext_noop('Number of one-year extensions the holder may ask the MVD for'),
    gettext_noop('One-time investment in the economy of Kazakhstan, in US dollars'),
    gettext_noop('Processing time, in working days'),
    gettext_noop('The Ata Zholy card can be given'),
    gettext_noop('The B9 visa for in-demand professions can be issued'),
    gettext_noop('The Neo Nomad Visa can be issued'),
    gettext_noop('The holder may work for companies in Kazakhstan'),
    gettext_noop('The insurance check is run'),
    gettext_noop('The investment must have been made within this many months before the application (0 = no limit)'),
    gettext_noop('The investor visa (A6) can be issued'),
    gettext_noop('The list of professions in demand (codes of the profession input), one dated value per version of the order'),
    gettext_noop('Validity of the B9 visa (single or multiple entry)'),
    gettext_noop("Validity of the card, but never beyond the national passport's expiry"),
    gettext_noop('Validity of the long-term visa'),
    gettext_noop('Validity of the multiple-entry A6 visa'),
    gettext_noop('Validity of the visa'),
    gettext_noop('Validity of the visa from the day of entry'),
    gettext_noop('Ways of working that qualify (values of the work_arrangement input)'),
})
