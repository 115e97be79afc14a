"""Stay control as an Ibis pipeline: from the border crossings, the persons and the
permits (work permits, household permits, visas) to one row per foreigner with the days
used and left on a given day, the breach in sight and the breach made.

The pipeline is a function from Ibis tables to an Ibis table, so the caller picks the
backend (DuckDB over Parquet by default, Spark at national scale: ``snapshot_tables``
opens the same files on either). Days are whole days since 1970-01-01 (``*_day``
columns) so the arithmetic is the same on every backend; ``stay_frame`` turns them into
dates. A crossing counts on its calendar day in Kazakh legal time (the dated offset
``stay/legal_day_utc_offset_hours``, ``legal_day_number``), and a run sees the crossings
up to the end of its day in that time (``legal_day_end``). The rules come from the dated
parameters (``rules.stay_rules``); nothing here holds a number of days.

How a stay is counted (docs/labour.md):

* the crossings up to the day of the run, ordered by time per person: an entry followed by
  an exit is a stay from the entry's day to the exit's day, both counted; an entry with
  nothing after it is the current stay (the person is in the country), counted to the day
  of the run; an entry followed by another entry lacks its exit (reported, counted as the
  entry's day alone); an exit not preceded by an entry lacks its entry (reported, ignored);
* days used = days of stays within the 180 days ending on the day of the run, from the day
  the citizenship's present regime counts (``StayRules.counted_from``);
* the last allowed day is the earliest of the per-entry limit (entry day + limit − 1) and
  the 90-in-180 limit (day of run + 90 − days used), and no earlier than the end of a
  permit or visa valid during the current stay; visa-required citizens without one have no
  allowed day (status ``no_permit``);
* status: ``overstay`` after the last allowed day (sanction by its length: ``warning``,
  ``fine``, ``fine_or_expulsion``), ``warning`` when it falls within the warning days,
  ``ok`` otherwise, ``departed`` for those not in the country.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pandas as pd

from kosh.calendar.workdays import working_days_add

from .rules import StayRules

EPOCH = date(1970, 1, 1)
#: Border checkpoints and the region (KATO) they lie in, for visitors the registry holds
#: no address for (``data/checkpoints.csv``).
CHECKPOINTS = Path(__file__).resolve().parent / "data" / "checkpoints.csv"
NOTIFICATION_LOOKBACK_DAYS = 400
STATUSES = ("ok", "warning", "overstay", "no_permit", "departed")
SANCTIONS = ("warning", "fine", "fine_or_expulsion")


def day_number(day: date) -> int:
    """Days since 1970-01-01."""
    return (day - EPOCH).days


@ibis.udf.scalar.builtin(name="epoch")
def _duckdb_epoch(at) -> dt.float64:
    """DuckDB's seconds since 1970-01-01 00:00 UTC of a timestamp, read straight from the
    instant (Ibis' ``epoch_seconds`` casts a ``TIMESTAMPTZ`` to a local ``TIMESTAMP``
    first: a time-zone conversion per row, the same number in the UTC session Ibis opens)."""


def _offset_hours(at: datetime, offsets: tuple[tuple[datetime, int], ...]) -> int:
    """The offset of Kazakh legal time at the instant ``at`` (naive: UTC)."""
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    hours = offsets[0][1]
    for start, value in offsets:
        if at >= start:
            hours = value
    return hours


def legal_day_number(at: datetime, rules: StayRules) -> int:
    """Days since 1970-01-01 of the Kazakh calendar day of the instant ``at`` (naive: UTC),
    the day a crossing counts on: the pipeline's ``_days`` in Python."""
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return int((at.timestamp() + 3600 * _offset_hours(at, rules.utc_offsets)) // 86400)


def legal_day_end(on: date, rules: StayRules) -> datetime:
    """The UTC instant at which the Kazakh calendar day ``on`` ends: the earliest instant
    whose legal day is later (the local midnight in one of the offsets, or a switch when
    the midnight falls in the hour a switch skips)."""
    midnight = datetime.combine(on + timedelta(days=1), time(), tzinfo=UTC)
    candidates = [midnight - timedelta(hours=h) for _, h in rules.utc_offsets]
    candidates += [start for start, _ in rules.utc_offsets]
    return min(c for c in candidates if legal_day_number(c, rules) > day_number(on))


def _days(expr: ir.Value, backend: str = "",
          offsets: tuple[tuple[datetime, int], ...] = ()) -> ir.IntegerValue:
    """A date column as whole days since 1970-01-01, or a timestamp column (naive: UTC) as
    the days since 1970-01-01 of its calendar day in Kazakh legal time (``offsets``:
    ``StayRules.utc_offsets``), by arithmetic on the epoch seconds: floor((seconds +
    offset) / 86400), the offset a CASE on the seconds against the switch instants (no
    time-zone conversion per row, the same on every backend)."""
    if expr.type().is_date():
        return (expr.cast("timestamp").epoch_seconds() // 86400).cast("int64")
    seconds = _duckdb_epoch(expr) if backend == "duckdb" else expr.epoch_seconds()
    if offsets:
        cases = [(seconds >= int(start.timestamp()), 3600 * hours)
                 for start, hours in reversed(offsets[1:])]
        offset = (ibis.cases(*cases, else_=3600 * offsets[0][1]) if cases
                  else ibis.literal(3600 * offsets[0][1]))
        seconds = seconds + offset
    return (seconds // 86400).cast("int64")


def _checkpoint_regions() -> dict[str, str]:
    frame = pd.read_csv(CHECKPOINTS, dtype=str)
    return dict(zip(frame["checkpoint"], frame["region"], strict=True))


@dataclass
class StayInputs:
    """The tables the pipeline reads. ``permits`` has ``person_id, issued_on,
    valid_until`` (work permits, household permits and visas together);
    ``notifications`` (optional) ``person_id, kind (notification / registration), on``;
    ``backend`` the name of the connection they are open on (``duckdb``: a faster day
    number, see ``_days``)."""

    persons: ir.Table
    crossings: ir.Table
    permits: ir.Table
    notifications: ir.Table | None = None
    backend: str = ""


def snapshot_tables(con: ibis.BaseBackend, folder: Path) -> StayInputs:
    """Open a nation's Parquet snapshot (docs/synthetic-data.md) on ``con``: persons,
    border crossings, work and household permits, and, when present, ``visas.parquet``
    and ``stay_notifications.parquet``."""
    folder = Path(folder)
    persons = con.read_parquet(str(folder / "persons.parquet"))
    crossings = con.read_parquet(str(folder / "border_crossings.parquet"))
    parts = []
    for name in ("work_permits", "household_permits", "visas"):
        path = folder / f"{name}.parquet"
        if path.exists():
            t = con.read_parquet(str(path))
            parts.append(t.select(person_id=t.person_id.cast("int64"),
                                  issued_on=t.issued_on, valid_until=t.valid_until))
    permits = parts[0]
    for part in parts[1:]:
        permits = permits.union(part)
    path = folder / "stay_notifications.parquet"
    notifications = con.read_parquet(str(path)) if path.exists() else None
    return StayInputs(persons=persons, crossings=crossings, permits=permits,
                      notifications=notifications, backend=con.name)


def _regime(citizenship: ir.StringValue, rules: StayRules) -> ir.StringValue:
    return ibis.cases((citizenship.isin(list(rules.eaeu)), "eaeu"),
                      (citizenship.isin(list(rules.visa_free)), "visa_free"),
                      else_="visa")


def _counted_from(citizenship: ir.StringValue, rules: StayRules) -> ir.IntegerValue:
    """The first day counted in the 180-day window for each citizenship: the later of the
    window's start and the day the citizenship's present regime began."""
    window_start = day_number(rules.on) - 179
    groups: dict[int, list[str]] = {}
    for country, since in rules.counted_from.items():
        groups.setdefault(max(window_start, day_number(since)), []).append(country)
    cases = [(citizenship.isin(sorted(countries)), ibis.literal(day))
             for day, countries in sorted(groups.items()) if day != window_start]
    if not cases:
        return ibis.literal(window_start)
    return ibis.cases(*cases, else_=ibis.literal(window_start))


def _region(checkpoint: ir.StringValue) -> ir.StringValue:
    pairs = sorted(_checkpoint_regions().items())
    return ibis.cases(*[(checkpoint == name, region) for name, region in pairs],
                      else_=ibis.null("string"))


def _notification_deadlines(on: date, working_days: int) -> dict[int, int]:
    """Entry day → last day the host may notify (``working_days`` working days later)."""
    start = day_number(on) - NOTIFICATION_LOOKBACK_DAYS
    return {d: day_number(working_days_add(date.fromordinal(EPOCH.toordinal() + d),
                                           working_days))
            for d in range(start, day_number(on) + 1)}


def stay_control(inputs: StayInputs, rules: StayRules) -> ir.Table:
    """One row per foreigner who crossed the border, with the stay figures on
    ``rules.on`` (columns: see the module docstring and ``docs/labour.md``)."""
    on = day_number(rules.on)
    c = inputs.crossings
    # crossings before the instant the day of the run ends in Kazakh legal time (``day <=
    # on`` as a comparison the Parquet reader can push down); the window orders and carries
    # only what it needs, narrow: the direction as a boolean (``entry`` < ``exit`` as
    # before), day numbers computed after it for the entries alone
    midnight = legal_day_end(rules.on, rules)
    if c["at"].type().timezone is None:
        midnight = midnight.replace(tzinfo=None)  # naive timestamps are UTC
    c = c.filter(c["at"] < ibis.literal(midnight, type=c["at"].type()))
    c = c.select(person_id=c.person_id.cast("int64"), at=c["at"], exit=c.direction == "exit",
                 checkpoint=c.checkpoint)
    w = ibis.window(group_by=c.person_id, order_by=[c["at"], c.exit])
    c = c.mutate(prev_exit=c.exit.lag().over(w), next_exit=c.exit.lead().over(w),
                 next_at=c["at"].lead().over(w))

    entries = c.filter(~c.exit)
    entries = entries.mutate(day=_days(entries["at"], inputs.backend, rules.utc_offsets),
                             next_day=_days(entries.next_at, inputs.backend,
                                            rules.utc_offsets))
    present = entries.next_exit.isnull()
    end = ibis.cases((entries.next_exit, entries.next_day),
                     (present, ibis.literal(on)), else_=entries.day)
    persons = inputs.persons.select(person_id=inputs.persons.id.cast("int64"),
                                    citizenship=inputs.persons.citizenship,
                                    home_region=inputs.persons.region)
    stays = entries.mutate(end_day=end, present=present, unmatched=~entries.next_exit)
    counted_from = _counted_from(persons.citizenship, rules)
    if isinstance(counted_from.op(), ibis.expr.operations.Literal):
        first = counted_from  # one window for everybody: no citizenship needed per stay
    else:  # within 180 days of a regime change: the start depends on the citizenship
        stays = stays.left_join(persons.select("person_id", "citizenship"), "person_id")
        stays = stays.drop("person_id_right")
        first = _counted_from(stays.citizenship, rules)
    overlap = stays.end_day - ibis.greatest(stays.day, first) + 1
    stays = stays.mutate(counted=ibis.ifelse(overlap > 0, overlap, 0))

    exits_alone = c.filter(c.exit & (c.prev_exit.isnull() | c.prev_exit))
    exits_alone = exits_alone.group_by("person_id").aggregate(
        exits_without_entry=exits_alone.count())

    per = stays.group_by("person_id").aggregate(
        used_180=stays.counted.sum(),
        present=stays.present.any(),
        entry_day=stays.day.max(where=stays.present),
        last_entry_day=stays.day.max(),
        entry_checkpoint=stays.checkpoint.argmax(stays["at"]),
        entries_without_exit=stays.unmatched.sum().cast("int64"),
    )
    # a person seen only leaving has exits without entry and no stay
    per = per.outer_join(exits_alone, "person_id")
    per = per.mutate(person_id=ibis.coalesce(per.person_id, per.person_id_right))
    per = per.drop("person_id_right")
    per = per.left_join(persons, "person_id").drop("person_id_right")
    # the region of the last entry's checkpoint, looked up once per person
    per = per.mutate(entry_region=_region(per.entry_checkpoint)).drop("entry_checkpoint")

    p = inputs.permits
    p = p.select(person_id=p.person_id.cast("int64"), from_day=_days(p.issued_on),
                 until_day=_days(p.valid_until))
    p = p.filter(p.from_day <= on)
    # valid during the current stay: the latest end among those issued by the day of the
    # run, if it is not before the entry (then no other is either), so the permits are
    # aggregated on their own and joined once to the per-person table
    p = p.group_by("person_id").aggregate(until_max=p.until_day.max())
    per = per.left_join(p, "person_id").drop("person_id_right")
    per = per.mutate(permit_until_day=ibis.ifelse(per.until_max >= per.entry_day,
                                                  per.until_max, ibis.null("int64")))

    regime = _regime(per.citizenship, rules)
    per_entry = ibis.cases((regime == "eaeu", rules.eaeu_per_entry),
                           (regime == "visa_free", rules.visa_free_per_entry), else_=0)
    limit_180 = ibis.cases((regime == "eaeu", rules.eaeu_per_180),
                           (regime == "visa_free", rules.visa_free_per_180), else_=0)
    per = per.mutate(regime=regime, per_entry=per_entry, limit_180=limit_180,
                     used_180=ibis.coalesce(per.used_180, 0),
                     present=ibis.coalesce(per.present, False),
                     entries_without_exit=ibis.coalesce(per.entries_without_exit, 0),
                     exits_without_entry=ibis.coalesce(per.exits_without_entry, 0).cast("int64"),
                     region=ibis.coalesce(per.home_region, per.entry_region))
    never = ibis.literal(10**7)  # no such limit
    by_entry = ibis.ifelse(per.per_entry > 0, per.entry_day + per.per_entry - 1, never)
    by_180 = ibis.ifelse(per.limit_180 > 0, on + per.limit_180 - per.used_180, never)
    visa_free_until = ibis.ifelse(per.regime == "visa", ibis.null("int64"),
                                  ibis.least(by_entry, by_180))
    allowed = ibis.greatest(ibis.coalesce(visa_free_until, per.permit_until_day),
                            ibis.coalesce(per.permit_until_day, visa_free_until))
    per = per.mutate(allowed_until_day=ibis.ifelse(per.present, allowed.cast("int64"),
                                                  ibis.null("int64")))
    left = per.allowed_until_day - on
    per = per.mutate(days_left=ibis.ifelse(left > 0, left, 0),
                     overstay_days=ibis.ifelse(left < 0, -left, 0),
                     days_in_stay=ibis.ifelse(per.present, on - per.entry_day + 1, 0))
    status = ibis.cases(
        (~per.present, "departed"),
        (per.allowed_until_day.isnull(), "no_permit"),
        (per.overstay_days > 0, "overstay"),
        (per.days_left <= rules.warning_days, "warning"),
        else_="ok")
    sanction = ibis.cases(
        (per.overstay_days <= 0, ibis.null("string")),
        (per.overstay_days <= rules.warning_max_days, "warning"),
        (per.overstay_days <= rules.fine_max_days, "fine"),
        else_="fine_or_expulsion")
    per = per.mutate(status=status, sanction=sanction)
    per = per.mutate(fine_mci=ibis.ifelse(per.sanction == "fine", rules.fine_mci,
                                          ibis.null("int64")))
    per = _with_notifications(per, inputs.notifications, rules)
    return per.select(
        "person_id", "citizenship", "region", "regime", "present", "entry_day",
        "last_entry_day", "days_in_stay", "used_180", "limit_180", "per_entry",
        "permit_until_day", "allowed_until_day", "days_left", "overstay_days", "status",
        "sanction", "fine_mci", "entries_without_exit", "exits_without_entry",
        "notification_missed", "registration_missed")


def _with_notifications(per: ir.Table, notes: ir.Table | None, rules: StayRules) -> ir.Table:
    """Flag a missed host notification (none within the working days after the current
    entry, once they have passed) and a missed registration (EAEU citizens staying past the
    registration day, when the duty is in force); null when no notifications are known."""
    if notes is None:
        return per.mutate(notification_missed=ibis.null("boolean"),
                          registration_missed=ibis.null("boolean"))
    on = day_number(rules.on)
    deadlines = _notification_deadlines(rules.on, rules.notification_working_days)
    lo = min(deadlines)
    late = [(per.entry_day == d, dl) for d, dl in deadlines.items() if dl != d + 3]
    deadline = ibis.ifelse(per.entry_day < lo, per.entry_day + 3,
                           ibis.cases(*late, else_=per.entry_day + 3) if late
                           else per.entry_day + 3)
    n = notes.select(person_id=notes.person_id.cast("int64"), kind=notes.kind,
                     note_day=_days(notes["on"]))
    j = per.select("person_id", "entry_day").join(n, "person_id")
    j = j.filter(j.note_day >= j.entry_day)
    seen = j.group_by("person_id").aggregate(
        notified=(j.kind == "notification").any(), registered=(j.kind == "registration").any())
    per = per.left_join(seen, "person_id").drop("person_id_right")
    notified = ibis.coalesce(per.notified, False)
    registered = ibis.coalesce(per.registered, False)
    per = per.mutate(
        notification_missed=per.present & (on > deadline) & ~notified,
        registration_missed=(per.present & (per.regime == "eaeu")
                             & (rules.registration_deadline_days > 0)
                             & (per.days_in_stay > rules.registration_deadline_days)
                             & ~registered))
    return per.drop("notified", "registered")


DATE_COLUMNS = {"entry_day": "entry_on", "last_entry_day": "last_entry_on",
                "permit_until_day": "permit_until", "allowed_until_day": "allowed_until"}


def stay_frame(result: pd.DataFrame) -> pd.DataFrame:
    """The pipeline's result with dates for day numbers (``entry_on`` for ``entry_day``,
    ``allowed_until`` for ``allowed_until_day``, …), ordered by person."""
    frame = result.sort_values("person_id").reset_index(drop=True)
    for col, name in DATE_COLUMNS.items():
        days = pd.to_numeric(frame[col], errors="coerce")
        frame[name] = pd.to_datetime(
            days, unit="D", errors="coerce").dt.date
    return frame.drop(columns=list(DATE_COLUMNS))
