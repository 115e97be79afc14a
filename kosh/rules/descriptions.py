# ruff: noqa: E501 (each message on one line, as the catalogue has it)
"""The descriptions of this folder's dated YAML parameters, as catalogue messages: a
decision's "parameters applied" shows each by its description in the reader's language
(``kosh.cases.evaluation``). A new parameter's description is added here;
tests/languages/test_catalogues.py fails on one that is missing (docs/languages.md)."""

from django.utils.translation import gettext_noop

PARAMETER_DESCRIPTIONS = frozenset({
    gettext_noop('A second officer decides a paper application for this instrument (four-eyes)'),
    gettext_noop('Months from the day the refusal was received to file an administrative complaint with the superior body'),
    gettext_noop('Monthly calculation index (MCI, АЕК/МРП), in tenge, set yearly by the republican budget law'),
    gettext_noop('Match weight from which a record is merged with its best person without review'),
    gettext_noop('Match weight from which a record not merged automatically goes to clerical review (below it, the record is kept apart)'),
    gettext_noop('How far the second-best person must score below the best one for an automatic merge (else clerical review)'),
})
