"""Writes of quota sets and of the ledger.

A quota set is proposed (a draft version), adjusted line by line and approved by a
responsible official; approval publishes it (its CSV frozen with its SHA-256) and moves the
ledger accounts of its year and kind to the new amounts, refusing when a line would fall
below what is already drawn. Permits, statuses and certificates then draw from the accounts:
``quota_reserve`` takes a place for a while, ``quota_issue`` confirms it, ``quota_release``
returns it; reservations not confirmed in time expire (lazily, and by ``kosh quotas
expire``). A place is taken by one conditional ``UPDATE … WHERE drawn < amount``, which
PostgreSQL applies to the row under its lock (and SQLite serialises), so an account is never
over-issued whatever the interleaving."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError
from kosh.geo.models import Region

from .exports import quota_set_frozen_csv
from .models import Kind, QuotaAccount, QuotaDraw, QuotaLine, QuotaSet
from .proposals import PERMIT_CATEGORIES, QuotaLineProposal

YEARS = range(2015, 2101)
#: Minutes a reservation holds its place unless issued (``KOSH_QUOTA_RESERVATION_MINUTES``).
RESERVATION_MINUTES = 30


def reservation_minutes() -> int:
    """How long a reservation holds its place, from the settings or the default."""
    return int(getattr(settings, "KOSH_QUOTA_RESERVATION_MINUTES", RESERVATION_MINUTES))


def kind_label(kind: str) -> str:
    return str(Kind(kind).label) if kind in Kind.values else kind


def line_label(category: str, region: str) -> str:
    """"category 3, Pavlodar Region" / "Kazakhstan": a quota line in the active language."""
    place = (Region.objects.filter(pk=region).first() if region else None)
    where = place.name if place else (region or str(_("Kazakhstan")))
    return str(_("category %(category)s, %(region)s") % {"category": category,
                                                          "region": where}) if category else where


def _check_kind(kind: str) -> None:
    if kind not in Kind.values:
        raise DomainError("unknown_kind", _("There is no quota of kind %(kind)s.")
                          % {"kind": kind}, field="kind")


def _check_year(year: int) -> None:
    if year not in YEARS:
        raise DomainError("invalid_year", _("The year %(year)s is out of range.")
                          % {"year": year}, field="year")


def _check_region(region: str) -> None:
    if region and not Region.objects.filter(pk=region).exists():
        raise DomainError("unknown_region", _("There is no region with the KATO code "
                                              "%(code)s.") % {"code": region}, field="region")


def _check_category(kind: str, category: str) -> None:
    """Foreign labour is split by permit category; household workers, kandas and
    resettlers have none (the ratings may use ISCO-08 major groups, 1–2 digits)."""
    if kind == Kind.FOREIGN_LABOUR:
        ok = category in PERMIT_CATEGORIES
    else:
        ok = category == "" or (category.isdigit() and len(category) <= 2)
    if not ok:
        raise DomainError("unknown_category", _("Category %(category)s does not exist for "
                                                "this quota.") % {"category": category or "—"},
                          field="category")


def _check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise DomainError("invalid_amount", _("The number of places must be a whole number, "
                                              "zero or more."), field="amount")


def quota_set_propose(
    *, actor: Actor, year: int, kind: str, lines: Iterable[QuotaLineProposal],
    effective_from: date | None = None, source: str = "",
) -> QuotaSet:
    """Create a draft version of the ``kind`` quota for ``year`` from proposed lines (of
    the baseline method, the ratings or a loaded order); it is numbered after the last."""
    actor.require(Capability.PROPOSE_QUOTAS)
    _check_kind(kind)
    _check_year(year)
    lines = list(lines)
    if not lines:
        raise DomainError("no_lines", _("A quota set needs at least one line."), field="lines")
    seen: set[tuple[str, str]] = set()
    for line in lines:
        if line.kind != kind or line.year != year:
            raise DomainError("mixed_lines", _("Every line must be of the set's kind and "
                                               "year."), field="lines")
        _check_category(kind, line.category)
        _check_region(line.region)
        _check_amount(line.amount)
        if (line.category, line.region) in seen:
            raise DomainError("duplicate_line", _("Category %(category)s and region "
                                                  "%(region)s appear twice.")
                              % {"category": line.category or "—",
                                 "region": line.region or "—"}, field="lines")
        seen.add((line.category, line.region))
    with transaction.atomic():
        last = (QuotaSet.objects.select_for_update().filter(year=year, kind=kind)
                .order_by("-version").first())
        quota_set = QuotaSet.objects.create(
            year=year, kind=kind, version=(last.version + 1) if last else 1,
            effective_from=effective_from or date(year, 1, 1), source=source,
            created_by=actor.username,
        )
        QuotaLine.objects.bulk_create(
            QuotaLine(quota_set=quota_set, category=line.category, region=line.region,
                      amount=line.amount, basis=line.basis) for line in lines)
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, object_type="quota_set",
                     object_id=quota_set.pk,
                     after={"year": year, "kind": kind, "version": quota_set.version,
                            "places": sum(line.amount for line in lines)})
    return quota_set


def _draft(quota_set_id: int) -> QuotaSet:
    quota_set = QuotaSet.objects.select_for_update().get(pk=quota_set_id)
    if quota_set.status != QuotaSet.Status.DRAFT:
        raise DomainError("published", _("Version %(version)s is published and cannot change; "
                                         "propose a new version.")
                          % {"version": quota_set.version})
    return quota_set


def quota_line_adjust(
    *, actor: Actor, quota_set_id: int, category: str, region: str, amount: int,
    basis: str = "",
) -> QuotaLine:
    """Set the places of one line of a draft (adding the line if it is new)."""
    actor.require(Capability.PROPOSE_QUOTAS)
    _check_amount(amount)
    with transaction.atomic():
        quota_set = _draft(quota_set_id)
        _check_category(quota_set.kind, category)
        _check_region(region)
        line, created = QuotaLine.objects.get_or_create(
            quota_set=quota_set, category=category, region=region,
            defaults={"amount": amount, "basis": basis})
        before = None if created else {"amount": line.amount}
        if not created:
            line.amount = amount
            line.basis = basis or line.basis
            line.save(update_fields=["amount", "basis"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, object_type="quota_line",
                     object_id=line.pk, before=before,
                     after={"set": quota_set.pk, "category": category, "region": region,
                            "amount": amount})
    return line


def quota_set_approve(*, actor: Actor, quota_set_id: int) -> QuotaSet:
    """Approve and publish a draft: the ledger accounts of its year and kind take its
    amounts (a line it no longer has falls to zero), the previous version is superseded,
    and the CSV of the set is frozen with its SHA-256. Refused, with nothing written, when
    a line would fall below the places already drawn from it."""
    actor.require(Capability.APPROVE_QUOTAS)
    with transaction.atomic():
        quota_set = _draft(quota_set_id)
        current = QuotaSet.objects.filter(year=quota_set.year, kind=quota_set.kind,
                                          status=QuotaSet.Status.PUBLISHED).first()
        if current is not None and current.version > quota_set.version:
            raise DomainError("stale_version", _("Version %(version)s is older than the "
                                                 "published version %(current)s.")
                              % {"version": quota_set.version, "current": current.version})
        lines = {(ln.category, ln.region): ln for ln in quota_set.lines.all()}
        accounts = {(a.category, a.region): a for a in QuotaAccount.objects.select_for_update()
                    .filter(year=quota_set.year, kind=quota_set.kind).order_by("pk")}
        short = [
            {"field": f"{key[0]}/{key[1]}",
             "message": str(_("%(drawn)s places are already drawn; the line cannot be "
                              "%(amount)s.") % {"drawn": acc.drawn,
                                                "amount": lines[key].amount if key in lines
                                                else 0})}
            for key, acc in accounts.items()
            if acc.drawn > (lines[key].amount if key in lines else 0)
        ]
        if short:
            raise DomainError("below_drawn", _("This version gives some lines fewer places "
                                               "than are already drawn from them."),
                              field="lines", rows=short)
        for key, acc in accounts.items():
            acc.amount = lines[key].amount if key in lines else 0
            acc.quota_set = quota_set
            acc.save(update_fields=["amount", "quota_set"])
        QuotaAccount.objects.bulk_create(
            QuotaAccount(year=quota_set.year, kind=quota_set.kind, category=key[0],
                         region=key[1], amount=line.amount, quota_set=quota_set)
            for key, line in lines.items() if key not in accounts)
        if current is not None:
            current.status = QuotaSet.Status.SUPERSEDED
            current.save(update_fields=["status"])
        quota_set.status = QuotaSet.Status.PUBLISHED
        quota_set.approved_by = actor.user
        quota_set.approved_by_name = actor.username
        quota_set.approved_at = timezone.now()
        quota_set.frozen_csv = quota_set_frozen_csv(quota_set)
        quota_set.sha256 = hashlib.sha256(quota_set.frozen_csv).hexdigest()
        quota_set.save()
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, object_type="quota_set",
                     object_id=quota_set.pk, before={"status": QuotaSet.Status.DRAFT},
                     after={"status": quota_set.status, "sha256": quota_set.sha256,
                            "supersedes": current.version if current else None})
    return quota_set


def _account(*, kind: str, category: str, region: str, year: int) -> QuotaAccount:
    """The account a draw is counted on, or the error saying why there is none."""
    _check_kind(kind)
    _check_year(year)
    _check_region(region)
    account = QuotaAccount.objects.filter(year=year, kind=kind, category=category,
                                          region=region).first()
    if account is not None:
        return account
    if not QuotaAccount.objects.filter(year=year, kind=kind).exists():
        raise DomainError("no_quota", _("No %(kind)s quota has been approved for %(year)s.")
                          % {"kind": kind_label(kind), "year": year}, field="year")
    raise DomainError("no_quota_line", _("The %(year)s %(kind)s quota has no line for "
                                         "%(line)s.")
                      % {"year": year, "kind": kind_label(kind),
                         "line": line_label(category, region)}, field="region")


def _draw_record(draw: QuotaDraw) -> dict:
    acc = draw.account
    return {"status": draw.status, "holder": draw.holder_ref, "kind": acc.kind,
            "category": acc.category, "region": acc.region, "year": acc.year}


def _take(account: QuotaAccount) -> bool:
    """Take one place if one is left (one conditional UPDATE)."""
    return bool(QuotaAccount.objects.filter(pk=account.pk, drawn__lt=F("amount"))
                .update(drawn=F("drawn") + 1))


def quota_reserve(
    *, actor: Actor, kind: str, category: str, region: str, year: int, holder_ref: str,
    idempotency_key: str,
) -> QuotaDraw:
    """Reserve one place of a quota line for ``holder_ref`` until it expires
    (``reservation_minutes``) unless ``quota_issue`` confirms it. A retry with the same
    ``idempotency_key`` returns the first reservation. Refused when no place is left, with
    the remaining balance in the message."""
    actor.require(Capability.DRAW_QUOTAS)
    if not idempotency_key or not holder_ref:
        raise DomainError("invalid_draw", _("A draw needs a holder and an idempotency key."),
                          field="idempotency_key" if not idempotency_key else "holder_ref")
    if (first := QuotaDraw.objects.filter(idempotency_key=idempotency_key).first()):
        return _same_draw(first, kind=kind, category=category, region=region, year=year,
                          holder_ref=holder_ref)
    account = _account(kind=kind, category=category, region=region, year=year)
    for attempt in range(2):
        try:
            with transaction.atomic():
                if _take(account):
                    now = timezone.now()
                    draw = QuotaDraw.objects.create(
                        account=account, holder_ref=holder_ref, idempotency_key=idempotency_key,
                        reserved_at=now, expires_at=now + timedelta(minutes=reservation_minutes()),
                        actor_name=actor.username)
                    audit_record(actor=actor, action=AuditEvent.Action.CREATE,
                                 object_type="quota_draw", object_id=draw.pk,
                                 after=_draw_record(draw))
                    return draw
        except IntegrityError:  # the same key committed meanwhile: that is the answer
            first = QuotaDraw.objects.get(idempotency_key=idempotency_key)
            return _same_draw(first, kind=kind, category=category, region=region, year=year,
                              holder_ref=holder_ref)
        if attempt == 0 and not _expire(account_id=account.pk, actor=actor):
            break  # nothing expired: the quota is used up
    account.refresh_from_db()
    raise DomainError("quota_exhausted", _("No place is left in the %(year)s %(kind)s quota "
                                           "(%(line)s): %(remaining)s of %(amount)s places "
                                           "remain.")
                      % {"year": year, "kind": kind_label(kind),
                         "line": line_label(category, region), "remaining": account.remaining,
                         "amount": account.amount}, field="amount")


def quota_draw_many(
    *, actor: Actor, kind: str, category: str, region: str, year: int, holder_ref: str,
    idempotency_key: str, places: int, issue: bool = False,
) -> list[QuotaDraw]:
    """Reserve (and with ``issue`` confirm at once) ``places`` places of one quota line for
    one holder — a family drawing a place per member — all or none: one conditional
    ``UPDATE … WHERE drawn <= amount - places`` and one audit event listing the draws. The
    draws are ``holder_ref:1`` … ``holder_ref:n`` under keys ``idempotency_key:1`` … ``:n``;
    a retry with the same key returns the first draws. Refused with ``quota_exhausted``
    (nothing taken) when fewer places are left."""
    actor.require(Capability.DRAW_QUOTAS)
    if not idempotency_key or not holder_ref:
        raise DomainError("invalid_draw", _("A draw needs a holder and an idempotency key."),
                          field="idempotency_key" if not idempotency_key else "holder_ref")
    if isinstance(places, bool) or not isinstance(places, int) or places < 1:
        raise DomainError("invalid_amount", _("The number of places must be a whole number, "
                                              "one or more."), field="places")
    request = {"kind": kind, "category": category, "region": region, "year": year}
    keys = [f"{idempotency_key}:{n}" for n in range(1, places + 1)]
    if QuotaDraw.objects.filter(idempotency_key=keys[0]).exists():
        return _same_draws(keys, holder_ref, request)
    account = _account(kind=kind, category=category, region=region, year=year)
    for attempt in range(2):
        try:
            with transaction.atomic():
                if QuotaAccount.objects.filter(
                        pk=account.pk, drawn__lte=F("amount") - places).update(
                        drawn=F("drawn") + places):
                    now = timezone.now()
                    draws = QuotaDraw.objects.bulk_create(
                        QuotaDraw(account=account, holder_ref=f"{holder_ref}:{n}",
                                  idempotency_key=key, reserved_at=now,
                                  expires_at=now + timedelta(minutes=reservation_minutes()),
                                  status=QuotaDraw.Status.ISSUED if issue
                                  else QuotaDraw.Status.RESERVED,
                                  issued_at=now if issue else None, actor_name=actor.username)
                        for n, key in enumerate(keys, start=1))
                    audit_record(actor=actor, action=AuditEvent.Action.CREATE,
                                 object_type="quota_draw", object_id=draws[0].pk,
                                 after=_draw_record(draws[0]) | {
                                     "holder": holder_ref, "places": places,
                                     "draws": [d.pk for d in draws]})
                    return draws
        except IntegrityError:  # the same key committed meanwhile: that is the answer
            return _same_draws(keys, holder_ref, request)
        if attempt == 0 and not _expire(account_id=account.pk, actor=actor):
            break  # nothing expired: too few places are left
    account.refresh_from_db()
    raise DomainError("quota_exhausted", _("No place is left in the %(year)s %(kind)s quota "
                                           "(%(line)s): %(remaining)s of %(amount)s places "
                                           "remain.")
                      % {"year": year, "kind": kind_label(kind),
                         "line": line_label(category, region), "remaining": account.remaining,
                         "amount": account.amount}, field="amount")


def _same_draws(keys: list[str], holder_ref: str, request: dict) -> list[QuotaDraw]:
    """The draws first made under the keys of ``quota_draw_many``, if the retry asks for
    the same places."""
    more = f"{keys[0].rsplit(':', 1)[0]}:{len(keys) + 1}"  # a first draw of more places
    draws = list(QuotaDraw.objects.select_related("account").filter(
        idempotency_key__in=[*keys, more]).order_by("pk"))
    if [d.idempotency_key for d in draws] != keys:
        raise DomainError("idempotency_conflict", _("This idempotency key was used for a "
                                                    "different draw."), field="idempotency_key")
    for n, draw in enumerate(draws, start=1):
        _same_draw(draw, holder_ref=f"{holder_ref}:{n}", **request)
    return draws


def _same_draw(draw: QuotaDraw, **request: object) -> QuotaDraw:
    """The first draw made under a key, if the retry asks for the same thing."""
    acc = draw.account
    first = {"kind": acc.kind, "category": acc.category, "region": acc.region,
             "year": acc.year, "holder_ref": draw.holder_ref}
    if first != request:
        raise DomainError("idempotency_conflict", _("This idempotency key was used for a "
                                                    "different draw."), field="idempotency_key")
    return draw


def quota_issue(*, actor: Actor, draw_id: int) -> QuotaDraw:
    """Confirm a reservation: the place is now taken by an issued permit, status or
    certificate. Issuing twice returns the issued draw; an expired or released
    reservation is refused (reserve again)."""
    actor.require(Capability.DRAW_QUOTAS)
    with transaction.atomic():
        draw = QuotaDraw.objects.select_for_update().select_related("account").get(pk=draw_id)
        if draw.status == QuotaDraw.Status.ISSUED:
            return draw
        if draw.status != QuotaDraw.Status.RESERVED or draw.expires_at <= timezone.now():
            raise DomainError("reservation_lapsed", _("This reservation has expired or was "
                                                      "released; reserve a place again."))
        draw.status = QuotaDraw.Status.ISSUED
        draw.issued_at = timezone.now()
        draw.save(update_fields=["status", "issued_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, object_type="quota_draw",
                     object_id=draw.pk, before={"status": QuotaDraw.Status.RESERVED},
                     after=_draw_record(draw))
    return draw


def quota_release(*, actor: Actor, draw_id: int, reason: str = "") -> QuotaDraw:
    """Return a place to its quota (a cancelled permit, a returned certificate, a
    reservation given up). Releasing twice returns the released draw."""
    actor.require(Capability.DRAW_QUOTAS)
    with transaction.atomic():
        draw = QuotaDraw.objects.select_for_update().select_related("account").get(pk=draw_id)
        if draw.status in (QuotaDraw.Status.RELEASED, QuotaDraw.Status.EXPIRED):
            return draw
        before = draw.status
        draw.status = QuotaDraw.Status.RELEASED
        draw.released_at = timezone.now()
        draw.save(update_fields=["status", "released_at"])
        QuotaAccount.objects.filter(pk=draw.account_id).update(drawn=F("drawn") - 1)
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, object_type="quota_draw",
                     object_id=draw.pk, before={"status": before},
                     after=_draw_record(draw) | {"reason": reason[:300]})
    return draw


def _expire(*, actor: Actor, account_id: int | None = None,
            now: datetime | None = None) -> int:
    """Release the reservations past their time (of one account, or all); returns how
    many. The draws are locked in id order, so a concurrent issue or release waits."""
    now = now or timezone.now()
    with transaction.atomic():
        lapsed = QuotaDraw.objects.select_for_update().select_related("account").filter(
            status=QuotaDraw.Status.RESERVED, expires_at__lte=now).order_by("pk")
        if account_id is not None:
            lapsed = lapsed.filter(account_id=account_id)
        count = 0
        for draw in lapsed:
            draw.status = QuotaDraw.Status.EXPIRED
            draw.released_at = now
            draw.save(update_fields=["status", "released_at"])
            QuotaAccount.objects.filter(pk=draw.account_id).update(drawn=F("drawn") - 1)
            audit_record(actor=actor, action=AuditEvent.Action.UPDATE,
                         object_type="quota_draw", object_id=draw.pk,
                         before={"status": QuotaDraw.Status.RESERVED}, after=_draw_record(draw))
            count += 1
    return count


def quota_expire(*, actor: Actor) -> int:
    """Return the places of every reservation not issued in time (``kosh quotas
    expire``); returns how many were released."""
    actor.require(Capability.DRAW_QUOTAS)
    return _expire(actor=actor)
