"""Kinds of documents the state issues outside a case (a protection certificate, a kandas
status decision): registered by the capability that issues them, from its ``AppConfig.ready``.

A kind says how its numbers start (one series per kind and year), its title (kk/ru on the
PDF), who may read or revoke its documents (``access`` raises ``AccessDenied`` or returns),
the audit object type of its events and whether it is ``discreet``: a discreet kind's
verification answer shows validity only (no title, no holder), so the public page never
tells that a person holds it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from kosh.access.policy import Actor

if TYPE_CHECKING:
    from .models import SubjectDocument


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document issued outside a case."""

    code: str
    prefix: str
    title: Promise
    access: "Callable[[Actor, SubjectDocument], None]"
    audit_object_type: str = "subject_document"
    discreet: bool = False


KINDS: dict[str, DocumentKind] = {}


def kind_register(kind: DocumentKind) -> None:
    """Register a kind (idempotent for the same code)."""
    KINDS.setdefault(kind.code, kind)


def kind_get(code: str) -> DocumentKind:
    """The registered kind ``code`` (KeyError when no capability registered it)."""
    return KINDS[code]
