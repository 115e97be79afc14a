"""The settlement registers: families (kandas registered at a mission, resettlers in the
region) with their members in the registry and their places in the regional quota, the
kandas status, the support granted and its payments, the region's terms, the economic
mobility certificate, and housing prices per district."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kosh.geo.models import Country, District, Region
from kosh.identity.models import Employer, Person
from kosh.quotas.models import QuotaDraw


class Programme(models.TextChoices):
    KANDAS = "kandas", _("kandas")
    RESETTLERS = "resettlers", _("resettlers")


class Stage(models.TextChoices):
    """Where a family is on its path."""

    REFUSED = "refused", _("status refused")
    REGISTERED = "registered", _("registered, not yet arrived")
    STATUS = "status", _("status granted, not yet arrived")
    ARRIVED = "arrived", _("arrived in the region")
    CITIZENS = "citizens", _("citizenship granted")
    DEPARTED = "departed", _("left the region")


class Family(models.Model):
    """A family on the settlement path: kandas registered at a mission (one window) or
    resettlers registered in the region. ``region`` is where it settles; its places are
    the ledger draws of its members (``holder_ref`` ``settlement:<key>:<n>``)."""

    programme = models.CharField(_("programme"), max_length=10, choices=Programme.choices)
    idempotency_key = models.CharField(max_length=100, unique=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    mission_country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("mission country"))
    origin_district = models.ForeignKey(District, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("district of origin"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("settlement region"))
    quota_year = models.PositiveSmallIntegerField(_("quota year"), null=True, blank=True)
    applied_on = models.DateField(_("applied on"))
    visa_issued_on = models.DateField(_("entry visa issued on"), null=True, blank=True)
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    citizenship_on = models.DateField(_("citizenship granted on"), null=True, blank=True)
    departed_on = models.DateField(_("left on"), null=True, blank=True)
    refusal = models.CharField(_("reason of refusal"), max_length=300, blank=True)
    rule_version = models.CharField(_("rule version"), max_length=40)
    created_by = models.CharField(_("registered by"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    draws = models.ManyToManyField(QuotaDraw, blank=True, related_name="+")

    class Meta:
        ordering = ["-applied_on", "-pk"]
        indexes = [models.Index(fields=["region", "quota_year"], name="settlement_family_region")]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} #{self.pk}"


class Member(models.Model):
    """One person of a family, as registered in the registry."""

    class Relation(models.TextChoices):
        HEAD = "head", _("head of the family")
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        OTHER = "other", _("other relative")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["family", "person"],
                                               name="settlement_member_unique")]

    def __str__(self) -> str:
        return f"{self.family_id}: {self.person_id} ({self.relation})"


class KandasStatus(models.Model):
    """The kandas status of a family: decided within the working days of the rules,
    valid for the months of the rules, extended once, ended by citizenship."""

    family = models.OneToOneField(Family, on_delete=models.CASCADE, related_name="status")
    due_on = models.DateField(_("decision due by"))
    granted_on = models.DateField(_("granted on"))
    valid_until = models.DateField(_("valid until"))
    extended_months = models.PositiveSmallIntegerField(_("extended by (months)"), default=0)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    relocation_kzt = models.PositiveBigIntegerField(_("relocation support, KZT"))
    rent_mci = models.PositiveSmallIntegerField(_("rent support, MCI a month"))
    rent_monthly_kzt = models.PositiveBigIntegerField(_("rent support a month, KZT"))

    def __str__(self) -> str:
        return f"kandas status of family {self.family_id} until {self.valid_until}"


class RegionTerms(models.Model):
    """What a settlement region offers from a day: the monthly rent subsidy (within the
    rules' bounds) and its priority sectors for employment."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("from"))
    rent_mci = models.PositiveSmallIntegerField(_("rent support, MCI a month"))
    priority_sectors = models.CharField(_("priority sectors"), max_length=500, blank=True)
    set_by = models.CharField(_("set by"), max_length=150)

    class Meta:
        ordering = ["region", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["region", "valid_from"],
                                               name="settlement_terms_unique")]

    def __str__(self) -> str:
        return f"{self.region_id} from {self.valid_from}: {self.rent_mci} MCI"


class Support(models.Model):
    """Support granted to a family, once per kind, with its payments."""

    class Kind(models.TextChoices):
        RELOCATION = "relocation", _("relocation subsidy")
        RENT = "rent", _("rent and utilities subsidy")

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="supports")
    kind = models.CharField(_("support"), max_length=10, choices=Kind.choices)
    granted_on = models.DateField(_("granted on"))
    total_kzt = models.PositiveBigIntegerField(_("total, KZT"))
    mci = models.PositiveIntegerField(_("MCI, KZT"))
    granted_by = models.CharField(_("granted by"), max_length=150)

    class Meta:
        ordering = ["family", "kind"]
        constraints = [models.UniqueConstraint(fields=["family", "kind"],
                                               name="settlement_support_once")]

    def __str__(self) -> str:
        return f"{self.kind} of family {self.family_id}: {self.total_kzt} KZT"


class Payment(models.Model):
    """One scheduled payment of a support; recorded when paid, cancelled when the status
    ends before it falls due."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", _("cancelled")

    support = models.ForeignKey(Support, on_delete=models.PROTECT, related_name="payments")
    due_on = models.DateField(_("due on"))
    amount_kzt = models.PositiveBigIntegerField(_("amount, KZT"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SCHEDULED)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    recorded_by = models.CharField(_("recorded by"), max_length=150, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.support_id} {self.due_on}: {self.amount_kzt} KZT {self.status}"


class JobConfirmation(models.Model):
    """An employer's confirmation, in the system, that it employs a family member."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="jobs")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")
    confirmed_on = models.DateField(_("confirmed on"))
    confirmed_by = models.CharField(_("confirmed by"), max_length=150)

    def __str__(self) -> str:
        return f"{self.person_id} at {self.employer_id}"


class HousingPrice(models.Model):
    """Price and rent of housing per m² in a district and quarter (synthetic
    ``housing_costs`` or official statistics)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    price_m2_kzt = models.PositiveIntegerField(_("price per m², KZT"))
    rent_m2_kzt = models.PositiveIntegerField(_("rent per m², KZT"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["district", "year", "quarter"],
                                               name="settlement_housing_price_unique")]

    def __str__(self) -> str:
        return f"{self.district_id} {self.year}Q{self.quarter}: {self.price_m2_kzt}"


class Certificate(models.Model):
    """The economic mobility certificate of a family: one per family, and never a second
    one for any of its members (``Beneficiary``). Returned when the family leaves within
    the period: its quota places go back."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("issued")
        RETURNED = "returned", _("returned")

    family = models.OneToOneField(Family, on_delete=models.PROTECT, related_name="certificate")
    job = models.ForeignKey(JobConfirmation, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    price_m2_kzt = models.PositiveIntegerField(_("price per m², KZT"))
    housing_cost_kzt = models.PositiveBigIntegerField(_("housing cost, KZT"))
    amount_kzt = models.PositiveBigIntegerField(_("certificate, KZT"))
    cap_kzt = models.PositiveBigIntegerField(_("cap, KZT"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ISSUED)
    issued_on = models.DateField(_("issued on"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    rule_version = models.CharField(_("rule version"), max_length=40)
    issued_by = models.CharField(_("issued by"), max_length=150)

    def __str__(self) -> str:
        return f"certificate of family {self.family_id}: {self.amount_kzt} KZT"


class Beneficiary(models.Model):
    """A person who benefited from a certificate: unique, so no member of any later
    family of theirs receives another."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="+")
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT,
                                    related_name="beneficiaries")

    def __str__(self) -> str:
        return f"{self.person_id} (certificate {self.certificate_id})"


class CertificateFile(models.Model):
    """The certificate's PDF as rendered and signed at issue: every download serves these
    bytes; ``sha256`` is their hash."""

    certificate = models.OneToOneField(Certificate, on_delete=models.PROTECT,
                                       related_name="file", primary_key=True)
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    signer_fingerprint = models.CharField(_("signing certificate (SHA-256)"), max_length=64)
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.sha256[:12]}"
