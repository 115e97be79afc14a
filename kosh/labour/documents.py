"""The documents the labour bodies issue, frozen through ``kosh.documents``: the work permit
or its refusal (the labour officer's decision, one signed PDF held by the worker) and the
household-worker permit. Numbered per kind and year, signed, stored with their SHA-256,
verifiable at /verify/ with the worker's date of birth or the QR code; never rebuilt."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from kosh.access.policy import Actor
from kosh.documents.kinds import DocumentKind, kind_register
from kosh.documents.models import SubjectDocument
from kosh.documents.services import subject_document_issue
from kosh.rules.system import parameter_value

PERMIT_KIND = "labour_work_permit"
REFUSAL_KIND = "labour_work_permit_refusal"
HOUSEHOLD_KIND = "labour_household_permit"
PERMIT_OBJECT = "work_permit"
HOUSEHOLD_OBJECT = "household_permit"


def _work_permit_access(actor: Actor, document: SubjectDocument) -> None:
    """The permit's employer staff, the labour officer of its region, an administrator."""
    from .selectors import work_permit_get

    work_permit_get(actor=actor, permit_id=int(document.object_id))


def _household_access(actor: Actor, document: SubjectDocument) -> None:
    """The worker, the household, officers of the permit's region, an administrator."""
    from .selectors import household_permit_list

    household_permit_list(actor=actor).get(pk=int(document.object_id))


def kinds_register() -> None:
    """Register the labour documents with ``kosh.documents`` (from ``ready``)."""
    kind_register(DocumentKind(code=PERMIT_KIND, prefix="WPK", title=_("Work permit"),
                               access=_work_permit_access, audit_object_type="labour_document"))
    kind_register(DocumentKind(code=REFUSAL_KIND, prefix="WPR",
                               title=_("Refusal of a work permit"),
                               access=_work_permit_access, audit_object_type="labour_document"))
    kind_register(DocumentKind(code=HOUSEHOLD_KIND, prefix="HWP",
                               title=_("Household-worker permit"), access=_household_access,
                               audit_object_type="labour_document"))


def _appeal_until(day: date) -> date:
    from .services import add_months

    return add_months(day, int(parameter_value("appeal.complaint_months", day)))


def work_permit_document_issue(*, actor: Actor, permit, on: date) -> SubjectDocument:
    """The decision on ``permit`` as a signed PDF held by the worker: the permit (valid for
    the permit's term) or the refusal with its reason (valid for the appeal term). Called
    inside the decision's transaction: no key, no decision."""
    employer = permit.employer
    rows = [(_("Employer"), f"{employer.name} ({employer.bin})"),
            (_("Category"), permit.get_category_display()),
            (_("Region"), permit.region.name),
            (_("Decided on"), on.strftime("%d.%m.%Y"))]
    if permit.status == permit.Status.GRANTED:
        rows += [(_("Fee, MCI"), permit.fee_mci), (_("Fee, KZT"), permit.fee_kzt),
                 (_("Quota"), _("outside the quota") if not permit.in_quota
                  else f"{permit.quota_year}")]
        kind, valid_from, valid_to = PERMIT_KIND, permit.valid_from, permit.valid_until
    else:
        rows += [(_("Reason for the refusal"), permit.reason),
                 (_("Appeal until"), _appeal_until(on).strftime("%d.%m.%Y"))]
        kind, valid_from, valid_to = REFUSAL_KIND, on, _appeal_until(on)
    return subject_document_issue(
        actor=actor, kind=kind, holder=permit.person, object_type=PERMIT_OBJECT,
        object_id=permit.pk, valid_from=valid_from, valid_to=valid_to, rows=rows)


def household_document_issue(*, actor: Actor, permit) -> SubjectDocument:
    """The household-worker permit as a signed PDF held by the worker, for its term."""
    return subject_document_issue(
        actor=actor, kind=HOUSEHOLD_KIND, holder=permit.worker, object_type=HOUSEHOLD_OBJECT,
        object_id=permit.pk, valid_from=permit.issued_on, valid_to=permit.valid_until,
        rows=[(_("Household (employer)"), permit.household.display_name),
              (_("Work"), permit.job), (_("Region"), permit.region.name),
              (_("Months"), permit.months),
              (_("Each month is covered only when its income tax is prepaid."), "")])
