"""The registry of persons: identity, names as written, documents, citizenships, addresses,
categories, employment and border crossings.

Writes go through ``services.py`` (which audits them); reads through ``selectors.py``
(which scopes them by the access policy).

Indexes: a national load rebuilds every index of these tables over tens of millions of
rows, so they hold what queries read and nothing twice — no index whose columns begin
another one, and none of the LIKE indexes (``varchar_pattern_ops``) Django adds beside a
text foreign key or unique column: nothing matches these codes by prefix. Such a foreign
key says ``db_index=False`` and its plain btree is in ``Meta.indexes``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kosh.geo.models import Country, District, Region, Settlement


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Category(models.TextChoices):
    """Kinds of migrant the registry keeps (REQUIREMENTS §1)."""

    LABOUR_MIGRANT_QUOTA = "labour_quota", _("labour migrant (quota)")
    LABOUR_MIGRANT_OUTSIDE = "labour_outside", _("labour migrant (outside quota)")
    HOUSEHOLD_WORKER = "household_worker", _("household worker (permit)")
    STUDENT = "student", _("foreign student")
    TEACHER_SCIENTIST = "teacher_scientist", _("foreign teacher or scientist")
    INVESTOR = "investor", _("investor")
    DIGITAL_NOMAD = "digital_nomad", _("digital nomad")
    KANDAS = "kandas", _("kandas")
    ATA_ZHOLY = "ata_zholy", _("Ata Zholy card holder")
    REFUGEE = "refugee", _("refugee")
    ASYLUM_SEEKER = "asylum_seeker", _("asylum seeker")
    STATELESS = "stateless", _("stateless person")
    RESETTLER = "resettler", _("internal resettler")
    EMIGRANT_WORKER = "emigrant_worker", _("citizen working abroad")


LABOUR_CATEGORIES = frozenset(
    {
        Category.LABOUR_MIGRANT_QUOTA,
        Category.LABOUR_MIGRANT_OUTSIDE,
        Category.HOUSEHOLD_WORKER,
        Category.KANDAS,
        Category.RESETTLER,
        Category.EMIGRANT_WORKER,
    }
)


# Asylum facts (Law "On refugees"): shown only to the asylum unit, and a person who ever
# held one is outside every embassy officer's scope (kosh.identity.permissions).
PROTECTED_CATEGORIES = frozenset({Category.ASYLUM_SEEKER, Category.REFUGEE})


class Employer(models.Model):
    """A legal entity (by BIN) that employs persons in the registry."""

    bin = models.CharField(_("BIN"), max_length=12)
    name = models.CharField(_("name"), max_length=300)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, db_index=False)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="employers")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bin"], name="employer_bin_unique")]
        indexes = [models.Index(fields=["region"], name="employer_region")]

    def __str__(self) -> str:
        return f"{self.name} ({self.bin})"


class Person(models.Model):
    """A person known to the state. ``iin`` is empty for foreigners who have none yet.

    ``display_name``, ``region`` and ``citizenship`` are maintained by the services from the
    primary name, the current registration address and the current citizenships; they make
    search results and scoping one indexed lookup."""

    # NULL, not "": many foreigners have no IIN, and person_iin_unique holds for the rest
    iin = models.CharField(_("IIN"), max_length=12, null=True, blank=True)  # noqa: DJ001
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    display_name = models.CharField(_("name"), max_length=300)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region"),
        db_index=False,  # (region, birth date) below serves it
    )
    citizenship = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("citizenship"),
        db_index=False,
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["iin"], name="person_iin_unique")]
        indexes = [
            models.Index(fields=["region", "birth_date"]),
            # name search narrowed by a birth year reads the ids from the index alone
            models.Index(fields=["birth_date", "id"], name="person_birth_date_id"),
            models.Index(fields=["citizenship"], name="person_citizenship"),
        ]

    def __str__(self) -> str:
        return self.display_name


class IdentityDocument(models.Model):
    class Kind(models.TextChoices):
        ID_CARD = "id_card", _("identity card")
        PASSPORT = "passport", _("passport of Kazakhstan")
        FOREIGN_PASSPORT = "foreign_passport", _("foreign passport")
        RESIDENCE_PERMIT = "residence_permit", _("residence permit")
        STATELESS_CERTIFICATE = "stateless_cert", _("stateless person's certificate")
        REFUGEE_CERTIFICATE = "refugee_cert", _("refugee certificate")
        KANDAS_CERTIFICATE = "kandas_cert", _("kandas certificate")
        BIRTH_CERTIFICATE = "birth_cert", _("birth certificate")

    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        EXPIRED = "expired", _("expired")
        LOST = "lost", _("lost")
        REVOKED = "revoked", _("revoked")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document type"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=30)
    issuing_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, verbose_name=_("issuing country"), db_index=False
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "issuing_country", "number"], name="document_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="document_expires_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["number"], name="document_number"),
                   models.Index(fields=["issuing_country"], name="document_issuing_country")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class PersonName(models.Model):
    """A name exactly as written in one document (or as declared), in one script."""

    class Script(models.TextChoices):
        CYRILLIC = "cyrl", _("Cyrillic")
        LATIN = "latn", _("Latin")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    surname = models.CharField(_("surname"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    script = models.CharField(_("script"), max_length=4, choices=Script.choices)
    document = models.ForeignKey(
        IdentityDocument, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="names", verbose_name=_("document"),
    )
    is_primary = models.BooleanField(_("primary"), default=False)

    def __str__(self) -> str:
        return self.full

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)


KEY_LENGTH = 40  # longer name keys are cut to this length, in the index and in queries


class NameIndex(models.Model):
    """One normalised matching key of one name token of a person, with the person's birth
    year: the search index of single name words.

    A person has one row per distinct (key, part); search looks keys up through the btree
    on (key, birth year, person), so that a word with a birth year is one probe."""

    class Part(models.IntegerChoices):
        SURNAME = 0
        GIVEN = 1
        PATRONYMIC = 2

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                               db_index=False)  # name_index_person_key serves it
    key = models.CharField(max_length=KEY_LENGTH)
    part = models.PositiveSmallIntegerField(choices=Part.choices)
    birth_year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "birth_year", "person", "part"],
                                    name="name_index_key_year")
        ]
        # a person's keys from the index alone (ranking the candidates of a search)
        indexes = [models.Index(fields=["person", "key", "part"], name="name_index_person_key")]

    def __str__(self) -> str:
        return f"{self.key} → person {self.person_id}"


PAIR_LENGTH = 2 * KEY_LENGTH + 1


class NamePair(models.Model):
    """Two keys of one written name of a person, in the order they are written ("AHMETOVA
    JANA" for Ахметова Жанна), with the person's birth year: the search index of names of
    two or more words. Looking a pair up is one btree probe whatever the size of the
    registry, where intersecting the persons of two common words reads both lists."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=PAIR_LENGTH)
    birth_year = models.PositiveSmallIntegerField()
    # every (part, key) of the person, "0AHMETOVA 1JANA 2SERIKIZI": the ranking reads it
    # from the index with the pair instead of one more index read per person found
    person_keys = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["key", "birth_year", "person"], include=["person_keys"],
                                name="name_pair_key")]

    def __str__(self) -> str:
        return f"{self.key} {self.birth_year} → person {self.person_id}"


class NameKey(models.Model):
    """The vocabulary of name keys with their one-character deletions, for fuzzy lookup:
    a query key matches a vocabulary key when their deletion sets intersect."""

    variant = models.CharField(max_length=KEY_LENGTH)
    key = models.CharField(max_length=KEY_LENGTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "key"], name="name_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.variant} → {self.key}"


class Citizenship(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="citizenships")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"),
                                db_index=False)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["country"], name="citizenship_country")]

    def __str__(self) -> str:
        return str(self.country)


class Address(models.Model):
    class Kind(models.TextChoices):
        PERMANENT = "permanent", _("permanent registration")
        TEMPORARY = "temporary", _("temporary registration")
        ABROAD = "abroad", _("address abroad")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"),
                                db_index=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region"),
        db_index=False,
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("district")
    )
    settlement = models.ForeignKey(
        Settlement, on_delete=models.PROTECT, null=True, blank=True,
        verbose_name=_("settlement"), db_index=False,
    )
    line = models.CharField(_("street, house, flat"), max_length=300, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        indexes = [models.Index(fields=["country"], name="address_country"),
                   models.Index(fields=["region"], name="address_region"),
                   models.Index(fields=["settlement"], name="address_settlement")]

    def __str__(self) -> str:
        place = self.settlement or self.district or self.region or self.country
        return f"{place}, {self.line}".rstrip(", ")


class PersonCategory(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["category", "person"])]

    def __str__(self) -> str:
        return self.get_category_display()


class Employment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="employments")
    occupation = models.ForeignKey(
        "occupations.Occupation", on_delete=models.PROTECT, null=True, blank=True,
        db_index=False,
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["occupation"], name="employment_occupation")]

    def __str__(self) -> str:
        return str(self.employer)


class BorderCrossing(models.Model):
    """Sensitive: shown only after the officer states a purpose."""

    class Direction(models.TextChoices):
        ENTRY = "entry", _("entry")
        EXIT = "exit", _("exit")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="crossings")
    at = models.DateTimeField(_("time"))
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices)
    checkpoint = models.CharField(_("checkpoint"), max_length=100)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, verbose_name=_("country from/to"), db_index=False
    )

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["country"], name="crossing_country")]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.at:%Y-%m-%d} {self.checkpoint}"
