"""The roles of Kosh users and the purposes for which personal data may be read."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("system administrator")
    MIGRATION_OFFICER = "migration_officer", _("migration officer (MIA)")
    LABOUR_OFFICER = "labour_officer", _("labour officer (MLSP)")
    EMBASSY_OFFICER = "embassy_officer", _("embassy officer")
    AKIMAT_OFFICER = "akimat_officer", _("akimat officer")
    EMPLOYER = "employer", _("employer")
    APPLICANT = "applicant", _("applicant")
    ANALYST = "analyst", _("policy analyst")
    AUDITOR = "auditor", _("auditor")
    ASYLUM_OFFICER = "asylum_officer", _("asylum officer (MLSP asylum unit)")


class Purpose(models.TextChoices):
    """Why an officer reads a person's record; every read records one."""

    CASE_PROCESSING = "case_processing", _("processing an application or case")
    IDENTITY_CHECK = "identity_check", _("identity verification")
    CITIZEN_REQUEST = "citizen_request", _("request of the person concerned")
    OFFICIAL_INQUIRY = "official_inquiry", _("official inquiry of a state body")
    DATA_CORRECTION = "data_correction", _("correction of registry data")
    OWN_RECORD = "own_record", _("viewing one's own record")


OFFICER_PURPOSES = (
    Purpose.CASE_PROCESSING, Purpose.IDENTITY_CHECK, Purpose.CITIZEN_REQUEST,
    Purpose.OFFICIAL_INQUIRY, Purpose.DATA_CORRECTION,
)
ROLE_PURPOSES: dict[Role, tuple[Purpose, ...]] = {
    Role.APPLICANT: (Purpose.OWN_RECORD,),
    Role.EMPLOYER: (Purpose.CASE_PROCESSING, Purpose.IDENTITY_CHECK),
}


def purposes_for(role: str | None) -> tuple[Purpose, ...]:
    """The purposes a role may state for reading a record, the usual one first: an
    applicant reads only their own record; officers (and any role not listed) never
    "their own record"."""
    return ROLE_PURPOSES.get(Role(role), OFFICER_PURPOSES) if role else OFFICER_PURPOSES
