"""Documents issued outside a case (``SubjectDocument``): one number series per kind and
year with the check digit of case documents, the same "not found" for every mismatch, a
discreet kind's answer limited to validity, revocation with a reason once, and every
existing case document verified as before."""

import pytest
from django.utils.translation import gettext_lazy as _

from kosh.access.policy import AccessDenied, Capability
from kosh.cases.issuing import document_number_valid
from kosh.documents.kinds import DocumentKind, kind_register
from kosh.documents.selectors import NOT_FOUND, document_verify, subject_document_download
from kosh.documents.services import subject_document_issue, subject_document_revoke
from kosh.errors import DomainError

pytestmark = pytest.mark.django_db


def _admins_only(actor, document):
    actor.require(Capability.VIEW_AUDIT)


kind_register(DocumentKind(code="test_open", prefix="TOP", title=_("Document"),
                           access=_admins_only))
kind_register(DocumentKind(code="test_discreet", prefix="TDS", title=_("Document"),
                           access=_admins_only, discreet=True))


def _issue(actor, holder, kind="test_open"):
    return subject_document_issue(actor=actor, kind=kind, holder=holder, object_type="test",
                                  object_id=1, valid_from=holder.birth_date.replace(year=2026),
                                  valid_to=holder.birth_date.replace(year=2027))


def test_numbers_run_per_kind_with_a_check_digit(actor_of, aziz):
    admin = actor_of("admin")
    first, second = _issue(admin, aziz), _issue(admin, aziz)
    other = _issue(admin, aziz, kind="test_discreet")
    assert first.number.startswith("TOP-2026-") and other.number.startswith("TDS-2026-")
    assert int(second.number[-7:-1]) == int(first.number[-7:-1]) + 1
    assert all(document_number_valid(d.number) for d in (first, second, other))


def test_mismatch_is_not_found_and_discreet_shows_validity_only(actor_of, aziz):
    admin = actor_of("admin")
    open_, discreet = _issue(admin, aziz), _issue(admin, aziz, kind="test_discreet")
    wrong = aziz.birth_date.replace(day=aziz.birth_date.day % 28 + 1)
    for doc in (open_, discreet):
        assert document_verify(actor=admin, number=doc.number, birth_date=wrong) == NOT_FOUND
        assert document_verify(actor=admin, number=doc.number, token="guess") == NOT_FOUND
    shown = document_verify(actor=admin, number=open_.number, birth_date=aziz.birth_date)
    hidden = document_verify(actor=admin, number=discreet.number, birth_date=aziz.birth_date)
    assert shown.document and shown.holder.endswith("***")
    assert (hidden.document, hidden.holder, hidden.status) == ("", "", "valid")


def test_revocation_once_with_a_reason_and_access_of_the_kind(actor_of, aziz):
    admin = actor_of("admin")
    doc = _issue(admin, aziz)
    with pytest.raises(AccessDenied):
        subject_document_revoke(actor=actor_of("embassy"), document=doc, reason="wrong data")
    with pytest.raises(AccessDenied):
        subject_document_download(actor=actor_of("embassy"), number=doc.number, purpose="x")
    with pytest.raises(DomainError) as err:
        subject_document_revoke(actor=admin, document=doc, reason=" ")
    assert err.value.code == "reason_required"
    subject_document_revoke(actor=admin, document=doc, reason="issued on wrong data")
    with pytest.raises(DomainError) as err:
        subject_document_revoke(actor=admin, document=doc, reason="again")
    assert err.value.code == "already_revoked"
    assert document_verify(actor=admin, number=doc.number,
                           birth_date=aziz.birth_date).status == "revoked"


def test_case_documents_still_verify(issued, actor_of):
    check = document_verify(actor=actor_of("auditor"), number=issued.number,
                            birth_date=issued.holder.birth_date)
    assert check.found and check.document and check.holder
