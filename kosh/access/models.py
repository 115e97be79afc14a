"""Who a user is to Kosh (role and scope), API tokens, and the audit log."""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.geo.models import Country, Region

from .chain import GENESIS, canonical, event_hash, json_normal
from .roles import Role


class Profile(models.Model):
    """A user's role and scope. Akimat officers have a region, embassy officers a mission
    country; employers are linked through ``Employer.staff``, applicants through
    ``Person.account``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    mission_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True,
        verbose_name=_("mission country"),
    )
    # The interface language the user chose (one of settings.LANGUAGES); empty until the
    # user picks one, then applied at sign-in and on every request (kosh.web.language).
    language = models.CharField(_("interface language"), max_length=8, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.AKIMAT_OFFICER) | models.Q(region__isnull=False),
                name="akimat_officer_has_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.EMBASSY_OFFICER)
                | models.Q(mission_country__isnull=False),
                name="embassy_officer_has_mission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A bearer token for the REST API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        """Create a token and return it with the raw secret, which is shown once."""
        raw = "kosh_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=cls.digest_of(raw)), raw


class AuditEventQuerySet(models.QuerySet):
    """Events are appended through ``save`` or ``AuditEvent.append_many``, each linked to
    the one before (never by a plain bulk insert)."""

    def bulk_create(self, *args, **kwargs):
        raise ValidationError("audit events are appended one at a time (audit_record)")


class AuditEvent(models.Model):
    """One read or change of personal data, or a refused attempt. Append-only: rows are
    never updated or deleted (the model refuses, and database triggers refuse too).

    The events form a hash chain: ``prev_hash`` is the hash of the event before (in id
    order), ``hash`` the SHA-256 of ``prev_hash`` and this event's fields
    (``kosh.access.chain``), so changing or removing a row breaks the chain
    (``kosh audit verify``)."""

    class Action(models.TextChoices):
        READ = "read", _("read")
        READ_SENSITIVE = "read_sensitive", _("read sensitive history")
        SEARCH = "search", _("search")
        CREATE = "create", _("create")
        UPDATE = "update", _("update")
        DELETE = "delete", _("delete")
        IMPORT = "import", _("import")
        DENIED = "denied", _("access denied")
        DOWNLOAD = "download", _("download")
        VERIFY = "verify", _("verify the log")

    class Reason(models.TextChoices):
        """Why a ``denied`` event was refused."""

        OUT_OF_SCOPE = "out_of_scope", _("outside the user's scope")
        MISSING_CAPABILITY = "missing_capability", _("role lacks the capability")
        LOCKED = "locked", _("sign-in locked")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(_("user"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object"), max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    person_id = models.BigIntegerField(null=True, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=10)  # console, api, cli
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    prev_hash = models.CharField(max_length=64, unique=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}"

    def save(self, *args, **kwargs) -> None:
        """Append the event to the chain. The chain head is locked (PostgreSQL) until the
        surrounding transaction ends, so concurrent writers queue and the chain never
        forks; SQLite serialises writers itself. On PostgreSQL the append is one prepared
        statement (:meth:`_append_postgresql`)."""
        if self.pk is not None:
            raise ValidationError("audit events are append-only")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        if connections[using].vendor == "postgresql":
            self._append_postgresql(using)
            return
        with transaction.atomic(using=using):
            head = AuditChainHead.locked()
            self.link(head.hash)
            super().save(*args, **kwargs)
            head.hash, head.event_id = self.hash, self.pk
            head.save(update_fields=["hash", "event_id"])

    def _append_postgresql(self, using: str) -> None:
        """Append in one statement, ``kosh_audit_append`` (migration 0009): the database
        locks the head, hashes its hash followed by the event's canonical text (computed
        here, as :func:`kosh.access.chain.event_hash` does), inserts the event and moves
        the head, within the caller's transaction or, outside one, as its own
        transaction. Server-side binding, prepared once per connection."""
        import psycopg
        from psycopg.types.json import Jsonb

        self.link(None)
        fields = self.chained_fields()
        text = canonical(fields)
        db = connections[using]
        db.ensure_connection()
        with db.wrap_database_errors, psycopg.Cursor(db.connection) as cur:
            cur.execute(APPEND_SQL, [
                self.at, self.actor_id, self.actor_name, self.role, self.action,
                self.object_type, self.object_id, self.person_id, self.purpose,
                self.channel, None if self.before is None else Jsonb(self.before),
                None if self.after is None else Jsonb(self.after), self.reason, text,
            ], prepare=True)
            self.pk, self.prev_hash, self.hash = cur.fetchone()
        self._state.adding, self._state.db = False, using
        if self.hash != event_hash(self.prev_hash, fields):  # the same formula both sides
            raise ValidationError("the database hashed the audit event differently")

    @classmethod
    def append_many(cls, events: list["AuditEvent"]) -> list["AuditEvent"]:
        """Append several events in order under one lock of the chain head, e.g. the same
        step recorded on each member of a family. On PostgreSQL one prepared statement
        (:meth:`_append_many_postgresql`), elsewhere one INSERT after the locked head."""
        if not events:
            return events
        using = router.db_for_write(cls)
        if connections[using].vendor == "postgresql":
            cls._append_many_postgresql(events, using)
            return events
        with transaction.atomic():
            head = AuditChainHead.locked()
            prev = head.hash
            for event in events:
                event.link(prev)
                prev = event.hash
            events = models.QuerySet(cls).bulk_create(events)  # linked above
            head.hash, head.event_id = events[-1].hash, events[-1].pk
            head.save(update_fields=["hash", "event_id"])
        return events

    @classmethod
    def _append_many_postgresql(cls, events: list["AuditEvent"], using: str) -> None:
        """``kosh_audit_append_many`` (migration 0010): the events in order, each hashed
        after the one before, under one lock of the head, within the caller's transaction
        or, outside one, as its own; checked against the same formula here."""
        import psycopg
        from psycopg.types.json import Jsonb

        texts = []
        for event in events:
            if event.pk is not None:
                raise ValidationError("audit events are append-only")
            event.link(None)
            texts.append(canonical(event.chained_fields()))
        def value(event: AuditEvent, name: str) -> object:
            found = getattr(event, name)
            return Jsonb(found) if name in JSON_FIELDS and found is not None else found

        columns = [[value(e, name) for e in events] for name in APPEND_MANY_COLUMNS]
        db = connections[using]
        db.ensure_connection()
        with db.wrap_database_errors, psycopg.Cursor(db.connection) as cur:
            cur.execute(APPEND_MANY_SQL, [*columns, texts], prepare=True)
            rows = cur.fetchall()
        for event, text, (pk, prev_hash, hash_) in zip(events, texts, rows, strict=True):
            if hash_ != hashlib.sha256((prev_hash + text).encode()).hexdigest():
                raise ValidationError("the database hashed the audit event differently")
            event.pk, event.prev_hash, event.hash = pk, prev_hash, hash_
            event._state.adding, event._state.db = False, using

    def link(self, prev_hash: str | None) -> None:
        """Stamp the event and chain it after ``prev_hash`` (the values hashed as the
        database will return them); ``None``: the database links it."""
        for name in CHAINED_FIELDS:
            setattr(self, name, self._meta.get_field(name).to_python(getattr(self, name)))
        self.before, self.after = json_normal(self.before), json_normal(self.after)
        self.at = timezone.now()
        if prev_hash is not None:
            self.prev_hash = prev_hash
            self.hash = event_hash(self.prev_hash, self.chained_fields())

    def delete(self, *args, **kwargs):
        raise ValidationError("audit events are append-only")

    def chained_fields(self) -> dict:
        """The fields the hash covers (as ``values()`` returns them)."""
        return {name: getattr(self, name) for name in CHAINED_FIELDS}


APPEND_SQL = (
    "SELECT o_id, o_prev_hash, o_hash FROM kosh_audit_append(%s::timestamptz, %s::bigint, "
    "%s::text, %s::text, %s::text, %s::text, %s::text, %s::bigint, %s::text, %s::text, "
    "%s::jsonb, %s::jsonb, %s::text, %s::text)")
APPEND_MANY_COLUMNS = ("at", "actor_id", "actor_name", "role", "action", "object_type",
                       "object_id", "person_id", "purpose", "channel", "before", "after",
                       "reason")
JSON_FIELDS = ("before", "after")
APPEND_MANY_SQL = (
    "SELECT o_id, o_prev_hash, o_hash FROM kosh_audit_append_many(%s::timestamptz[], "
    "%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], "
    "%s::bigint[], %s::text[], %s::text[], %s::jsonb[], %s::jsonb[], %s::text[], "
    "%s::text[])")
CHAINED_FIELDS = ("at", "actor_id", "actor_name", "role", "channel", "action", "object_type",
                  "object_id", "person_id", "purpose", "before", "after", "reason")


class AuditChainHead(models.Model):
    """The one row holding the hash of the newest audit event: locked while an event is
    appended, and compared with the last event by ``kosh audit verify`` (so removing the
    newest events is detected too)."""

    hash = models.CharField(max_length=64)
    event_id = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return self.hash

    @classmethod
    def locked(cls) -> "AuditChainHead":
        """The head, locked until the transaction ends (created at the first event)."""
        head = cls.objects.select_for_update().filter(pk=1).first()
        return head if head is not None else cls.objects.create(pk=1, hash=GENESIS)
