"""Request and response schemas of the cases API. The application body is a union of the
registered instruments' schemas, told apart by its ``instrument`` field."""

from datetime import date, datetime
from typing import Annotated, Any, Literal, Union

from ninja import Field, Schema
from pydantic import Base64Bytes, StrictBool, StringConstraints

from kosh.api.schemas import BodyId, RequestSchema, iso_date

from .deadlines import Sla
from .registry import INSTRUMENTS
from .statuses import CaseStatus, DocumentKind, Outcome, RefusalReason

IsoDate = iso_date()
PRINTABLE_TEXT = r"^[^\x00]*$"
Message = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000,
                                           pattern=PRINTABLE_TEXT)]


def _choice(values: Any) -> Any:
    return Literal[tuple(values)]


Application = Annotated[
    Union[tuple(spec.schema for spec in INSTRUMENTS.values())],  # noqa: UP007
    Field(discriminator="instrument"),
]


DocumentKindValue = _choice(DocumentKind.values)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024 + 1  # one byte over: refused by the upload check


class DocumentIn(RequestSchema):
    kind: DocumentKindValue
    name: Annotated[str, StringConstraints(max_length=200, pattern=PRINTABLE_TEXT)]
    content: Base64Bytes = Field(description="The file (PDF, PNG or JPEG, at most 10 MB), "
                                 "base64-encoded.", max_length=MAX_DOCUMENT_BYTES)


class CaseSubmit(RequestSchema):
    application: Application
    person_id: BodyId | None = Field(None, description="Officers: the person applying; "
                                     "applicants leave it out.")
    received_on: IsoDate | None = Field(None, description="Officers registering a paper "
                                        "application: the day it was received.")
    documents: list[DocumentIn] = Field([], max_length=20, description="The documents the "
                                        "instrument requires (``/instruments``: documents).")
    documents_follow: list[DocumentKindValue] = Field(
        [], max_length=20, description="Required documents declared to follow later, where "
        "the instrument allows it (``/instruments``: documents_may_follow).")


class PrecheckIn(RequestSchema):
    application: Application
    person_id: BodyId | None = None
    received_on: IsoDate | None = None
    attached: list[DocumentKindValue] = Field([], max_length=20, description="Kinds of the "
                                              "documents that will be attached.")
    documents_follow: list[DocumentKindValue] = Field([], max_length=20)


class DocumentRef(Schema):
    kind: str
    label: str


class CriterionOut(Schema):
    code: str
    label: str
    passed: bool
    explanation: str


class EvaluationOut(Schema):
    instrument: str
    assessed_on: date
    in_force: bool
    eligible: bool
    rule_version: str
    criteria: list[CriterionOut]
    outputs: dict[str, Any]
    missing_documents: list[DocumentRef] = []


class InstrumentOut(Schema):
    code: str
    label: str
    summary: str
    document_title: str
    criteria: list[dict[str, str]]
    documents: list[str]
    documents_may_follow: list[str] = []


class EventOut(Schema):
    at: datetime
    kind: str
    from_status: str
    to_status: str
    actor: str
    text: str
    data: dict[str, Any]


class FileOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class DecisionOut(Schema):
    outcome: str
    reason_code: str
    reason: str
    rule_version: str
    decided_at: datetime
    appeal_until: date | None
    document: str | None


class CaseSummaryOut(Schema):
    id: int
    number: str
    instrument: str
    status: str
    applicant_id: int
    applicant: str
    submitted_at: datetime
    expected_decision_on: date
    sla: str
    assigned_to: str | None


class CriterionResultOut(Schema):
    code: str
    passed: bool


class RulesResultOut(Schema):
    """The rules' result stored at submission, without words: ``GET /api/cases/{id}``
    explains each criterion."""

    instrument: str
    assessed_on: date
    in_force: bool
    eligible: bool
    rule_version: str
    criteria: list[CriterionResultOut]
    outputs: dict[str, Any]


class CaseLinksOut(Schema):
    case: str = Field(description="``GET``: the case in full — each criterion explained, "
                      "its evidence with the registry's facts, history, actions.")
    files: str = Field(description="``POST``: attach a file; ``GET …/{file_id}``: download one.")


class CaseSubmittedOut(CaseSummaryOut):
    """The answer to a submission: the case, the rules' decision at submission, the files
    stored (with their SHA-256) and where to read the rest."""

    evaluation: RulesResultOut | None
    files: list[FileOut]
    documents_to_follow: list[str]
    links: CaseLinksOut


class RegistryFactOut(Schema):
    check: str
    registry: str
    declared: str
    contradicts: bool


class ConfirmationOut(Schema):
    file_id: int
    officer: str
    at: datetime
    note: str


class ResolutionOut(Schema):
    declared: str
    registry: str
    explanation: str
    officer: str
    at: datetime


class CriterionEvidenceOut(Schema):
    code: str
    label: str
    evidence: str
    passed: bool | None
    explanation: str
    document: str
    confirmation: ConfirmationOut | None
    registry_fact: RegistryFactOut | None
    resolution: ResolutionOut | None


class CaseOut(CaseSummaryOut):
    data: dict[str, Any]
    evaluation: EvaluationOut | None
    events: list[EventOut]
    files: list[FileOut]
    decision: DecisionOut | None
    actions: list[str] = Field(description="What the caller may do now (take, "
                               "request_documents, resume, approve, refuse, withdraw, assign).")
    criteria_evidence: list[CriterionEvidenceOut]
    approval_blockers: list[str]
    documents_to_follow: list[str]
    registered_by: str | None = Field(description="The officer who registered a paper "
                                      "application.")
    four_eyes: bool = Field(description="A second officer must decide this case.")
    previous_refusals: list[str]


class ConfirmationIn(RequestSchema):
    criterion: Annotated[str, StringConstraints(max_length=80, pattern=PRINTABLE_TEXT)]
    file_id: BodyId
    note: Message = ""


class ResolutionIn(RequestSchema):
    criterion: Annotated[str, StringConstraints(max_length=80, pattern=PRINTABLE_TEXT)]
    explanation: Message


class TransitionIn(RequestSchema):
    to: _choice(CaseStatus.values)
    reason: Message = ""


class DocumentRequestIn(RequestSchema):
    kinds: list[_choice(DocumentKind.values)] = Field(min_length=1, max_length=20)
    message: Message


class DecisionIn(RequestSchema):
    outcome: _choice(Outcome.values)
    reason_code: _choice(["", *RefusalReason.values]) = ""
    reason: Message = ""


class AssignmentIn(RequestSchema):
    username: Annotated[str, StringConstraints(max_length=150, pattern=PRINTABLE_TEXT)] | None


class CommentIn(RequestSchema):
    text: Message
    internal: StrictBool = False


SUBMIT_DETAIL_VALUES = _choice(["summary", "full"])
SLA_VALUES = _choice(["", Sla.OVERDUE, Sla.DUE_SOON])
STATUS_VALUES = _choice(["", *CaseStatus.values])
INSTRUMENT_VALUES = _choice(["", *INSTRUMENTS])
ASSIGNED_VALUES = _choice(["", "me", "none"])
