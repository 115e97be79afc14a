"""Request and response schemas of the cases API. The application body is a union of the
registered instruments' schemas, told apart by its ``instrument`` field."""

from datetime import date, datetime
from typing import Annotated, Any, Literal, Union

from ninja import Field, Schema
from pydantic import StringConstraints

from kosh.rules.reforms import ParameterChange
from kosh.rules.whatif import WHATIF_PARAMETERS

from .deadlines import Sla
from .registry import INSTRUMENTS
from .statuses import CaseStatus, DocumentKind, Outcome, RefusalReason

PRINTABLE_TEXT = r"^[^\x00]*$"
Message = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000,
                                           pattern=PRINTABLE_TEXT)]


def _choice(values: Any) -> Any:
    return Literal[tuple(values)]


Application = Annotated[
    Union[tuple(spec.schema for spec in INSTRUMENTS.values())],  # noqa: UP007
    Field(discriminator="instrument"),
]


class CaseSubmit(Schema):
    application: Application
    person_id: int | None = Field(None, ge=1, le=2**63 - 1,
                                  description="Officers: the person applying; applicants "
                                  "leave it out.")
    received_on: date | None = Field(None, description="Officers registering a paper "
                                     "application: the day it was received.")


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


class InstrumentOut(Schema):
    code: str
    label: str
    summary: str
    document_title: str
    criteria: list[dict[str, str]]
    documents: list[str]


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


class CaseOut(CaseSummaryOut):
    data: dict[str, Any]
    evaluation: EvaluationOut | None
    events: list[EventOut]
    files: list[FileOut]
    decision: DecisionOut | None


class TransitionIn(Schema):
    to: _choice(CaseStatus.values)
    reason: Message = ""


class DocumentRequestIn(Schema):
    kinds: list[_choice(DocumentKind.values)] = Field(min_length=1, max_length=20)
    message: Message


class DecisionIn(Schema):
    outcome: _choice(Outcome.values)
    reason_code: _choice(["", *RefusalReason.values]) = ""
    reason: Message = ""


class AssignmentIn(Schema):
    username: Annotated[str, StringConstraints(max_length=150, pattern=PRINTABLE_TEXT)] | None


class CommentIn(Schema):
    text: Message
    internal: bool = False


class ChangeIn(Schema):
    path: _choice([p for paths in WHATIF_PARAMETERS.values() for p in paths])
    value: Annotated[float, Field(ge=0, le=1e9)] | bool
    start: date = Field(ge=date(2023, 1, 1), le=date(2035, 12, 31))

    def change(self) -> ParameterChange:
        value = self.value if isinstance(self.value, bool) else _number(self.value)
        return ParameterChange(path=self.path, value=value, start=self.start)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class WhatIfIn(Schema):
    changes: list[ChangeIn] = Field(min_length=1, max_length=4)
    on: date = Field(ge=date(2023, 1, 1), le=date(2035, 12, 31))
    population: Literal[10_000, 100_000, 1_000_000] = 100_000


class GroupOut(Schema):
    key: str
    baseline: int
    reform: int
    gained: int


class WhatIfOut(Schema):
    instrument: str
    on: date
    population: int
    baseline: int
    reform: int
    gained: int
    lost: int
    by_country: list[GroupOut]
    by_occupation: list[GroupOut]
    seconds: float
    rule_version: str


SLA_VALUES = _choice(["", Sla.OVERDUE, Sla.DUE_SOON])
STATUS_VALUES = _choice(["", *CaseStatus.values])
INSTRUMENT_VALUES = _choice(["", *INSTRUMENTS])
ASSIGNED_VALUES = _choice(["", "me", "none"])
