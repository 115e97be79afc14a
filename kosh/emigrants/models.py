"""Private employment agencies and their licences, citizens' work abroad (placements), and
complaints with their history."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kosh.geo.models import Country
from kosh.identity.models import Person

from .statuses import ComplaintKind, ComplaintStatus, LicenceStatus, WorkStatus


class Agency(models.Model):
    """A private employment agency placing citizens abroad, by BIN, with its licence."""

    bin = models.CharField(_("BIN"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=300)
    status = models.CharField(_("licence"), max_length=20, choices=LicenceStatus.choices,
                              default=LicenceStatus.APPLIED)
    licence_number = models.CharField(_("licence number"), max_length=30, blank=True)
    applied_on = models.DateField(_("applied on"))
    licensed_on = models.DateField(_("licensed on"), null=True, blank=True)
    licence_valid_to = models.DateField(_("licence valid until"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    reason = models.TextField(_("reasons (refusal or revocation)"), blank=True)
    open_placements_at_revocation = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["licence_number"], condition=~Q(licence_number=""),
                                    name="agency_licence_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.bin})"

    def licence_expired(self, today: date) -> bool:
        """A licence granted whose validity term ended before ``today`` (the last day of
        the term is still valid)."""
        return (self.status == LicenceStatus.LICENSED and self.licence_valid_to is not None
                and today > self.licence_valid_to)


class WorkAbroad(models.Model):
    """A citizen's registered work abroad (a placement when an agency arranged it)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="work_abroad")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    city = models.CharField(_("city"), max_length=100)
    employer_name = models.CharField(_("employer abroad"), max_length=300)
    contract_from = models.DateField(_("contract from"))
    contract_to = models.DateField(_("contract until"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="placements", verbose_name=_("agency"))
    insurance_applies = models.BooleanField(_("repatriation insurance applies"), default=False)
    insurance_policy = models.CharField(_("insurance policy"), max_length=50, blank=True)
    insurer = models.CharField(_("insurer"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=WorkStatus.choices,
                              default=WorkStatus.ABROAD)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contract_from", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(contract_to__gte=models.F("contract_from")),
                                   name="work_abroad_contract_order"),
        ]

    def __str__(self) -> str:
        return f"{self.employer_name}, {self.city}"


class Complaint(models.Model):
    """A citizen abroad's complaint of a rights violation, filed by them or a relative;
    handled by the mission of the country and closed by the ministry. A relative names the
    citizen by IIN (``citizen_iin``); when no citizen of the registry holds it, ``person``
    stays empty (the filer is told nothing different) and the ministry sees it so."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="complaints",
                               null=True, blank=True)
    citizen_iin = models.CharField(_("IIN of the citizen abroad"), max_length=12, blank=True)
    work = models.ForeignKey(WorkAbroad, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="complaints")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="complaints")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    kind = models.CharField(_("violation"), max_length=20, choices=ComplaintKind.choices)
    description = models.TextField(_("what happened"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 null=True, related_name="+")
    relative_name = models.CharField(_("filed by relative"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.SUBMITTED)
    filed_on = models.DateField(_("filed on"))
    mission_due = models.DateField(_("mission's term"))
    ministry_due = models.DateField(_("ministry's term"))
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return f"CMP-{self.pk}"


class ComplaintEvent(models.Model):
    """A step of a complaint, shown to the citizen who follows it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=ComplaintStatus.choices)
    side = models.CharField(max_length=10)
    actor_name = models.CharField(max_length=150)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint} {self.status}"
