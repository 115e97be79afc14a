"""How an instrument plugs into the case engine.

An instrument module (``kosh.instruments.*``) subclasses :class:`Instrument` — its form,
its pydantic schema, the OpenFisca inputs built from an application, its criteria in
words and its document — and registers an instance with :func:`instrument_register`. The
engine never imports an instrument; it looks them up here."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ValidationError

from kosh.access.roles import Role
from kosh.errors import DomainError
from kosh.identity.models import Person


class Evidence(models.TextChoices):
    """How a criterion is known: checked against the registry, against a document that an
    officer confirms, or declared by the applicant."""

    REGISTRY = "registry", _("checked against the registry")
    DOCUMENT = "document", _("checked against a document")
    DECLARED = "declared", _("declared by the applicant")


@dataclass(frozen=True)
class Criterion:
    """A criterion: the OpenFisca variable deciding it, a short label, and ``explain``,
    which turns the criterion's result (``passed``, ``values``, ``parameters`` as stored)
    into a sentence in the active language.

    ``evidence`` says how it is known. A ``DOCUMENT`` criterion names the document kind
    (``kosh.cases.statuses.DocumentKind``) an officer confirms it on; a ``REGISTRY``
    criterion names the registry check (``kosh.cases.evidence.REGISTRY_CHECKS``: one of
    ``citizenship``, ``passport_valid``, ``no_local_employment``, ``no_valid_document``) that
    compares the application with what the registry holds."""

    variable: str
    label: Promise
    explain: Callable[[dict[str, Any]], str]
    evidence: Evidence = Evidence.DECLARED
    document: str = ""
    registry_check: str = ""
    # for a DOCUMENT criterion: whether this application needs the document at all, from
    # the criterion's stored result (e.g. no invitation for citizens of exempt countries)
    needs_document: Callable[[dict[str, Any]], bool] | None = None


class Instrument:
    """Base class of instruments. Class attributes describe it; methods adapt it."""

    code: ClassVar[str]
    label: ClassVar[Promise]
    summary: ClassVar[Promise]
    document_title: ClassVar[Promise]
    number_prefix: ClassVar[str]
    deciding_roles: ClassVar[frozenset[Role]]
    required_documents: ClassVar[tuple[str, ...]]
    # required documents the applicant may declare to follow instead of attaching at once
    documents_may_follow: ClassVar[tuple[str, ...]] = ()
    conditions: ClassVar[dict[str, Promise]]
    form_class: ClassVar[type[forms.Form]]
    schema: ClassVar[type[BaseModel]]
    criteria: ClassVar[tuple[Criterion, ...]]
    data_labels: ClassVar[dict[str, Promise]] = {}  # application fields not in the form

    def document_kinds(self) -> tuple[str, ...]:
        """Every document an application may carry: the required ones first, then those a
        criterion is checked on where it applies (e.g. an invitation)."""
        return tuple(dict.fromkeys([*self.required_documents,
                                    *(c.document for c in self.criteria if c.document)]))

    def rule_inputs(self, *, data: dict[str, Any], person: Person) -> dict[str, Any]:
        """OpenFisca inputs from an application (possibly incomplete, for a pre-check)."""
        raise NotImplementedError

    def valid_from(self, *, data: dict[str, Any], issue_date: date) -> date:
        """First day of validity of the document issued on ``issue_date``."""
        return issue_date

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        """The application as JSON, checked by the schema; ``DomainError`` naming the first
        field at fault, with every fault in ``rows``."""
        try:
            model = self.schema.model_validate({**data, "instrument": self.code})
        except ValidationError as err:
            rows = [
                {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
                for e in err.errors()
            ]
            raise DomainError(
                "invalid_application", _("Check the application: %(fields)s.")
                % {"fields": ", ".join(dict.fromkeys(r["field"] for r in rows))},
                field=rows[0]["field"].split(".")[0], rows=rows,
            ) from err
        return model.model_dump(mode="json", exclude={"instrument"})


INSTRUMENTS: dict[str, Instrument] = {}


def instrument_register(instrument: Instrument) -> Instrument:
    INSTRUMENTS[instrument.code] = instrument
    return instrument


def instrument_get(code: str) -> Instrument:
    """The registered instrument, or ``DomainError`` at the ``instrument`` field."""
    try:
        return INSTRUMENTS[code]
    except KeyError:
        raise DomainError(
            "unknown_instrument", _("Unknown instrument: %(code)s") % {"code": code},
            field="instrument",
        ) from None
