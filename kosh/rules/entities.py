"""The one OpenFisca entity of Kosh: the applicant (a person)."""

from openfisca_core.entities import build_entity

Applicant = build_entity(
    key="applicant",
    plural="applicants",
    label="A person applying for a visa, card, status or check",
    doc="Every instrument is decided for one person; families apply person by person.",
    is_person=True,
)

entities = [Applicant]
