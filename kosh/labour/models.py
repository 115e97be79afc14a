"""Foreign labour and stay control: employers' declared staff and work permits,
household-worker permits and their monthly tax, the nightly stay-control results the
officers' worklist reads, and the daily coverage of household workers (Ind 6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kosh.documents.models import SubjectDocument
from kosh.geo.models import Country, Region
from kosh.identity.models import Employer, Person


class StaffDeclaration(models.Model):
    """An employer's declared staff by category group, the base of the local-content
    check (Kazakh citizens among category 1–2 and 3–4 staff). The latest one counts."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT,
                                 related_name="staff_declarations")
    declared_on = models.DateField(_("declared on"))
    cat12_total = models.PositiveIntegerField(_("category 1–2 staff"))
    cat12_citizens = models.PositiveIntegerField(_("of them Kazakh citizens (1–2)"))
    cat34_total = models.PositiveIntegerField(_("category 3–4 staff"))
    cat34_citizens = models.PositiveIntegerField(_("of them Kazakh citizens (3–4)"))
    declared_by = models.CharField(_("declared by"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-declared_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.employer_id} staff {self.declared_on}"


class WorkPermit(models.Model):
    """A permit to an employer to hire one foreign worker of a category: requested by the
    employer, decided by the region's labour officer; a granted permit (categories 1–4 and
    seasonal) holds a place of the sectoral and regional quota until it is cancelled."""

    class Category(models.TextChoices):
        CAT1 = "1", _("category 1 (chief executives)")
        CAT2 = "2", _("category 2 (heads of units)")
        CAT3 = "3", _("category 3 (specialists)")
        CAT4 = "4", _("category 4 (skilled workers)")
        SEASONAL = "seasonal", _("seasonal worker")
        ICT = "ict", _("intra-corporate transfer")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")
        CANCELLED = "cancelled", _("cancelled")

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="permits")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    worker_name = models.CharField(_("worker"), max_length=300)
    worker_citizenship = models.ForeignKey(Country, on_delete=models.PROTECT,
                                           verbose_name=_("citizenship"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="work_permits")
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"))
    quota_year = models.PositiveSmallIntegerField(_("quota year"))
    fee_mci = models.PositiveIntegerField(_("fee, MCI"))
    fee_kzt = models.PositiveIntegerField(_("fee, KZT"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.REQUESTED)
    draw_id = models.PositiveBigIntegerField(_("quota draw"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True)
    requested_by = models.CharField(_("requested by"), max_length=150)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    #: every criterion as it stood when the officer decided: how it is known (registry,
    #: declared, ledger, rules), what was found, whether it was met — never re-derived
    criteria = models.JSONField(_("criteria at the decision"), default=list, blank=True)
    #: the signed permit or refusal, frozen at the decision (``kosh.documents``)
    document = models.OneToOneField(SubjectDocument, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return f"work permit {self.pk} ({self.category}, {self.status})"

    @property
    def in_quota(self) -> bool:
        """Intra-corporate transfers are outside the quota."""
        return self.category != self.Category.ICT


class PermitResolution(models.Model):
    """How a labour officer resolved a contradiction between what the employer declared
    and what the registry holds (one per criterion of a permit), with both values as they
    stood: a permit is granted only when every contradiction is resolved."""

    permit = models.ForeignKey(WorkPermit, on_delete=models.CASCADE, related_name="resolutions")
    criterion = models.CharField(_("criterion"), max_length=40)
    registry_value = models.TextField(_("in the registry"))
    declared_value = models.TextField(_("declared"))
    explanation = models.TextField(_("how it was resolved"))
    resolved_by = models.CharField(_("resolved by"), max_length=150)
    resolved_at = models.DateTimeField(_("resolved at"), auto_now_add=True)

    class Meta:
        ordering = ["permit", "criterion"]
        constraints = [models.UniqueConstraint(fields=["permit", "criterion"],
                                               name="labour_permit_resolution_unique")]

    def __str__(self) -> str:
        return f"permit {self.permit_id}: {self.criterion} resolved"


class HouseholdPermit(models.Model):
    """A permit to a foreign worker employed in a citizen's household, for 1–12 months.
    Each month is covered only once its income tax is prepaid (``HouseholdPayment``); the
    first month not prepaid ends the permit (``lapsed``)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("in force")
        LAPSED = "lapsed", _("lapsed (month not prepaid)")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    worker = models.ForeignKey(Person, on_delete=models.PROTECT,
                               related_name="household_permits")
    household = models.ForeignKey(Person, on_delete=models.PROTECT,
                                  related_name="household_workers")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    job = models.CharField(_("work"), max_length=100)
    issued_on = models.DateField(_("from"))
    months = models.PositiveSmallIntegerField(_("months"))
    valid_until = models.DateField(_("until"))
    monitored = models.BooleanField(_("electronic monitoring"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE)
    created_by = models.CharField(_("registered by"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    #: the signed permit, frozen at registration (none for permits loaded from elsewhere)
    document = models.OneToOneField(SubjectDocument, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-pk"]
        # the officers' list pages, newest first, stay an index scan with millions loaded
        indexes = [models.Index(fields=["region", "status"]),
                   models.Index(fields=["-issued_on", "-id"], name="labour_hh_newest"),
                   models.Index(fields=["region", "-issued_on", "-id"],
                                name="labour_hh_region_newest")]

    def __str__(self) -> str:
        return f"household permit {self.pk} ({self.status})"


class HouseholdPayment(models.Model):
    """The income tax prepaid for one month of a household-worker permit."""

    permit = models.ForeignKey(HouseholdPermit, on_delete=models.CASCADE,
                               related_name="payments")
    month = models.PositiveSmallIntegerField(_("month of the permit"))  # 1 = first
    paid_on = models.DateField(_("paid on"))
    amount_kzt = models.PositiveIntegerField(_("amount, KZT"))

    class Meta:
        ordering = ["permit", "month"]
        constraints = [models.UniqueConstraint(fields=["permit", "month"],
                                               name="household_payment_month_unique")]

    def __str__(self) -> str:
        return f"permit {self.permit_id} month {self.month}"


class HouseholdCoverage(models.Model):
    """One day's coverage of household workers by electronic monitoring (Ind 6), by
    region (blank: the whole country): permits in their term, of them with the month
    prepaid, of them electronically monitored."""

    day = models.DateField(_("day"))
    region = models.CharField(_("region (KATO)"), max_length=9, blank=True)
    permits = models.PositiveIntegerField(_("permits in their term"))
    paid = models.PositiveIntegerField(_("month prepaid"))
    monitored = models.PositiveIntegerField(_("electronically monitored"))

    class Meta:
        ordering = ["-day", "region"]
        constraints = [models.UniqueConstraint(fields=["day", "region"],
                                               name="household_coverage_day_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.region or 'KZ'}: {self.monitored}/{self.permits}"

    @property
    def share(self) -> float:
        """Household workers electronically monitored ÷ permits in their term."""
        return self.monitored / self.permits if self.permits else 0.0


class StayRun(models.Model):
    """One run of stay control: the day it computed, where its data came from, the
    backend, and what it found. Only the latest run's rows are kept."""

    on = models.DateField(_("day computed"))
    source = models.CharField(_("snapshot"), max_length=300)
    backend = models.CharField(_("backend"), max_length=10)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    persons = models.PositiveIntegerField(_("foreigners"), default=0)
    present = models.PositiveIntegerField(_("in the country"), default=0)
    warnings = models.PositiveIntegerField(_("breach within the warning days"), default=0)
    overstays = models.PositiveIntegerField(_("overstays"), default=0)
    entries_without_exit = models.PositiveIntegerField(_("entries without exit"), default=0)
    exits_without_entry = models.PositiveIntegerField(_("exits without entry"), default=0)
    run_by = models.CharField(_("run by"), max_length=150)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"stay run {self.on} ({self.backend})"


class StayStatus(models.Model):
    """One foreigner's stay on the day of a run (see ``pipelines.stay_control``)."""

    class Status(models.TextChoices):
        OK = "ok", _("within the allowed stay")
        WARNING = "warning", _("breach within days")
        OVERSTAY = "overstay", _("overstay")
        NO_PERMIT = "no_permit", _("no visa or permit known")
        DEPARTED = "departed", _("not in the country")

    class Sanction(models.TextChoices):
        WARNING = "warning", _("warning")
        FINE = "fine", _("fine")
        FINE_OR_EXPULSION = "fine_or_expulsion", _("fine and/or expulsion")

    run = models.ForeignKey(StayRun, on_delete=models.CASCADE, related_name="rows")
    person_id = models.BigIntegerField(_("person"), db_index=True)
    citizenship = models.CharField(_("citizenship"), max_length=3, blank=True)
    region = models.CharField(_("region (KATO)"), max_length=9, blank=True)
    regime = models.CharField(_("regime"), max_length=10)
    present = models.BooleanField(_("in the country"))
    entry_on = models.DateField(_("entered on"), null=True)
    days_in_stay = models.PositiveIntegerField(_("days of this stay"))
    used_180 = models.PositiveIntegerField(_("days used in 180"))
    limit_180 = models.PositiveIntegerField(_("limit in 180 days"))
    per_entry = models.PositiveIntegerField(_("limit per entry"))
    permit_until = models.DateField(_("permit or visa until"), null=True)
    allowed_until = models.DateField(_("allowed until"), null=True)
    days_left = models.PositiveIntegerField(_("days left"))
    overstay_days = models.PositiveIntegerField(_("days over"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    sanction = models.CharField(_("sanction"), max_length=20, choices=Sanction.choices,
                                blank=True)
    fine_mci = models.PositiveIntegerField(_("fine, MCI"), null=True)
    entries_without_exit = models.PositiveIntegerField(_("entries without exit"))
    exits_without_entry = models.PositiveIntegerField(_("exits without entry"))
    notification_missed = models.BooleanField(_("host notification missed"), null=True)
    registration_missed = models.BooleanField(_("registration missed"), null=True)

    class Meta:
        ordering = ["-overstay_days", "days_left", "person_id"]
        indexes = [models.Index(fields=["run", "region", "status"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.status}"
