"""The ledger: reserve, issue, release, expiry, idempotent retries and every refusal
leaving nothing written."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied, system_actor
from kosh.errors import DomainError
from kosh.quotas.models import QuotaAccount, QuotaDraw, QuotaSet
from kosh.quotas.proposals import QuotaLineProposal
from kosh.quotas.selectors import quota_balances
from kosh.quotas.services import (
    quota_draw_many,
    quota_expire,
    quota_issue,
    quota_release,
    quota_reserve,
    quota_set_approve,
    quota_set_propose,
)

from .conftest import PAVLODAR, YEAR

NOW = datetime(2030, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))
ACTOR = system_actor("api")


def reserve(key: str, holder: str = "permit", **kw) -> QuotaDraw:
    args = {"kind": "kandas", "category": "", "region": PAVLODAR, "year": YEAR} | kw
    return quota_reserve(actor=ACTOR, holder_ref=holder + key, idempotency_key=key, **args)


def account() -> QuotaAccount:
    return QuotaAccount.objects.get(year=YEAR, kind="kandas", region=PAVLODAR)


def written() -> tuple[int, int, int, int]:
    """Rows a refused request must not add."""
    return (QuotaDraw.objects.count(), QuotaSet.objects.count(),
            AuditEvent.objects.count(), sum(QuotaAccount.objects.values_list("drawn", flat=True)))


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_reserve_issue_and_cancel_returns_the_place(quota):
    quota(amount=2)
    draw = quota_issue(actor=ACTOR, draw_id=reserve("a").pk)
    assert draw.status == "issued" and account().drawn == 1
    (line,) = quota_balances(actor=ACTOR, year=YEAR)
    assert (line.amount, line.issued, line.remaining) == (2, 1, 1)
    quota_release(actor=ACTOR, draw_id=draw.pk, reason="permit cancelled")
    assert account().drawn == 0 and QuotaDraw.objects.get(pk=draw.pk).status == "released"
    assert quota_balances(actor=ACTOR, year=YEAR)[0].remaining == 2
    events = AuditEvent.objects.filter(object_type="quota_draw", object_id=str(draw.pk))
    assert events.count() == 3  # reserved, issued, released


def test_a_retry_with_the_same_key_returns_the_first_draw(quota):
    quota(amount=5)
    first = reserve("same")
    assert reserve("same").pk == first.pk and account().drawn == 1
    with pytest.raises(DomainError) as err:
        reserve("same", holder="other")
    assert err.value.code == "idempotency_conflict"
    assert quota_issue(actor=ACTOR, draw_id=first.pk).status == "issued"
    assert quota_issue(actor=ACTOR, draw_id=first.pk).status == "issued"
    assert account().drawn == 1


def test_a_request_beyond_the_balance_names_what_remains(quota):
    quota(amount=1)
    quota_issue(actor=ACTOR, draw_id=reserve("one").pk)
    before = written()
    with pytest.raises(DomainError) as err, translation.override("en"):
        reserve("two")
    assert err.value.code == "quota_exhausted"
    assert str(err.value.message) == ("No place is left in the 2030 kandas quota (Pavlodar "
                                      "Region): 0 of 1 places remain.")
    with pytest.raises(DomainError) as err, translation.override("ru"):
        reserve("two")
    assert "Павлодар" in str(err.value.message) and "0" in str(err.value.message)
    assert "квот" in str(err.value.message)
    assert written() == before


def draw_many(key: str, places: int, **kw) -> list[QuotaDraw]:
    args = {"kind": "kandas", "category": "", "region": PAVLODAR, "year": YEAR} | kw
    return quota_draw_many(actor=ACTOR, holder_ref="family", idempotency_key=key,
                           places=places, issue=True, **args)


def test_several_places_are_drawn_at_once_all_or_none(quota):
    quota(amount=7)
    events = AuditEvent.objects.count()
    draws = draw_many("f1", 5)
    assert [d.holder_ref for d in draws] == [f"family:{n}" for n in range(1, 6)]
    assert {d.status for d in draws} == {"issued"} and account().drawn == 5
    assert AuditEvent.objects.count() == events + 1  # one ledger event for the five places
    assert [d.pk for d in draw_many("f1", 5)] == [d.pk for d in draws]  # a retry
    before = written()
    with pytest.raises(DomainError) as err, translation.override("en"):
        draw_many("f2", 3)
    assert err.value.code == "quota_exhausted" and "2 of 7" in str(err.value.message)
    assert written() == before
    with pytest.raises(DomainError) as err:
        draw_many("f1", 4)
    assert err.value.code == "idempotency_conflict"
    assert len(draw_many("f3", 2)) == 2 and account().drawn == 7
    quota_release(actor=ACTOR, draw_id=draws[0].pk)
    assert account().drawn == 6


def test_a_crash_between_reserving_and_issuing_loses_no_place(quota, frozen_clock):
    quota(amount=1)
    lost = reserve("crashed")  # the process dies here: it never issues
    with pytest.raises(DomainError):
        reserve("next")
    frozen_clock.shift(timedelta(minutes=31))
    assert quota_balances(actor=ACTOR, year=YEAR)[0].remaining == 1  # seen as free already
    draw = reserve("next")  # the lapsed reservation is released lazily
    assert QuotaDraw.objects.get(pk=lost.pk).status == "expired"
    assert account().drawn == 1 and draw.status == "reserved"
    with pytest.raises(DomainError) as err:
        quota_issue(actor=ACTOR, draw_id=lost.pk)
    assert err.value.code == "reservation_lapsed"


def test_kosh_quotas_expire_returns_lapsed_places(quota, frozen_clock):
    quota(amount=3)
    reserve("x"), reserve("y")
    quota_issue(actor=ACTOR, draw_id=reserve("z").pk)
    assert quota_expire(actor=ACTOR) == 0
    frozen_clock.shift(timedelta(hours=1))
    assert quota_expire(actor=ACTOR) == 2
    assert account().drawn == 1


@pytest.mark.parametrize("request_kw, code", [
    ({"region": "999999999"}, "unknown_region"),
    ({"year": 2031}, "no_quota"),
    ({"region": "100000000"}, "no_quota_line"),
    ({"kind": "visas"}, "unknown_kind"),
])
def test_bad_draws_are_refused_with_nothing_written(quota, request_kw, code):
    quota(amount=3)
    before = written()
    with pytest.raises(DomainError) as err:
        reserve("bad", **request_kw)
    assert err.value.code == code and str(err.value.message)
    assert written() == before


def test_an_approval_below_what_is_drawn_is_refused(quota):
    quota(amount=3)
    reserve("a"), quota_issue(actor=ACTOR, draw_id=reserve("b").pk)
    lower = quota_set_propose(actor=ACTOR, year=YEAR, kind="kandas", lines=[
        QuotaLineProposal(kind="kandas", category="", region=PAVLODAR, year=YEAR, amount=1,
                          basis="amended")])
    before = written()
    with pytest.raises(DomainError) as err:
        quota_set_approve(actor=ACTOR, quota_set_id=lower.pk)
    assert err.value.code == "below_drawn" and err.value.rows
    assert written() == before
    assert QuotaSet.objects.get(pk=lower.pk).status == "draft" and account().amount == 3
    ok = quota_set_propose(actor=ACTOR, year=YEAR, kind="kandas", lines=[
        QuotaLineProposal(kind="kandas", category="", region=PAVLODAR, year=YEAR, amount=2,
                          basis="amended")])
    published = quota_set_approve(actor=ACTOR, quota_set_id=ok.pk)
    assert published.version == 3 and account().amount == 2 and account().drawn == 2
    assert QuotaSet.objects.get(year=YEAR, kind="kandas", version=1).status == "superseded"


def test_a_published_set_is_frozen_and_cannot_change(quota):
    import hashlib

    from kosh.quotas.services import quota_line_adjust

    published = quota(amount=4)
    assert hashlib.sha256(bytes(published.frozen_csv)).hexdigest() == published.sha256
    with pytest.raises(DomainError) as err:
        quota_line_adjust(actor=ACTOR, quota_set_id=published.pk, category="",
                          region=PAVLODAR, amount=9)
    assert err.value.code == "published"


def test_only_a_responsible_official_approves(quota, actor_of):
    draft = quota_set_propose(actor=actor_of("analyst"), year=YEAR, kind="resettlers", lines=[
        QuotaLineProposal(kind="resettlers", category="", region=PAVLODAR, year=YEAR,
                          amount=10, basis="rating")])
    with pytest.raises(AccessDenied):
        quota_set_approve(actor=actor_of("analyst"), quota_set_id=draft.pk)
    approved = quota_set_approve(actor=actor_of("labour"), quota_set_id=draft.pk)
    assert approved.approved_by_name == "labour"
