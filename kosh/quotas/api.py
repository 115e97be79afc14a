"""The quota API, mounted at ``/api/quotas``: balances, quota sets and their approval, and
the ledger's draws (reserve, issue, release). Every operation calls the same selectors and
services as the console and the command line."""

from django.http import HttpRequest
from ninja import Header, Query, Router

from kosh.access.policy import Actor, actor_for
from kosh.api.schemas import ErrorOut
from kosh.ratings.services import rating_run_propose_quotas

from . import selectors, services
from .models import QuotaDraw, QuotaSet
from .schemas import (
    BalanceOut,
    DrawOut,
    KindValue,
    LineIn,
    LineOut,
    QuotaSetOut,
    ReleaseIn,
    ReserveIn,
    YearQuery,
)

router = Router(tags=["quotas"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user, channel="api")


def _set_out(quota_set: QuotaSet) -> QuotaSetOut:
    return QuotaSetOut(
        id=quota_set.pk, year=quota_set.year, kind=quota_set.kind, version=quota_set.version,
        status=quota_set.status, effective_from=quota_set.effective_from,
        source=quota_set.source, approved_by=quota_set.approved_by_name,
        approved_at=quota_set.approved_at, sha256=quota_set.sha256,
        lines=[{"category": ln.category, "region": ln.region, "amount": ln.amount,
                "basis": ln.basis} for ln in quota_set.lines.all()],
    )


def _draw_out(draw: QuotaDraw) -> DrawOut:
    acc = draw.account
    return DrawOut(id=draw.pk, kind=acc.kind, category=acc.category, region=acc.region,
                   year=acc.year, holder_ref=draw.holder_ref, status=draw.status,
                   reserved_at=draw.reserved_at, expires_at=draw.expires_at,
                   issued_at=draw.issued_at, released_at=draw.released_at)


@router.get("/balances", response={200: list[BalanceOut], **ERRORS})
def balances(request: HttpRequest, year: Query[YearQuery | None] = None,
             kind: Query[KindValue | None] = None) -> list[BalanceOut]:
    """The remaining balance of every quota line (of a year and kind when given):
    places, issued, reserved (not yet expired) and remaining."""
    return [BalanceOut(**vars(b)) for b in
            selectors.quota_balances(actor=_actor(request), year=year, kind=kind)]


@router.get("/sets", response={200: list[QuotaSetOut], **ERRORS})
def sets(request: HttpRequest, year: Query[YearQuery | None] = None) -> list[QuotaSetOut]:
    """Every version of every quota set, newest first."""
    return [_set_out(s) for s in
            selectors.quota_set_list(actor=_actor(request), year=year).prefetch_related("lines")]


@router.get("/sets/{int:set_id}", response={200: QuotaSetOut, **ERRORS})
def set_detail(request: HttpRequest, set_id: int) -> QuotaSetOut:
    """One version with its lines."""
    return _set_out(selectors.quota_set_get(actor=_actor(request), quota_set_id=set_id))


@router.post("/sets/from-rating/{int:run_id}", response={200: QuotaSetOut, **ERRORS})
def set_from_rating(request: HttpRequest, run_id: int,
                    kind: Query[KindValue | None] = None) -> QuotaSetOut:
    """Propose the rating run's lines of ``kind`` (default foreign labour; kandas and
    resettlers over the official settlement regions) as a draft quota set of the year
    after the run's year (``propose_quotas``); repeated, it returns the same set. 404 when
    there is no such run, 422 ``no_official_quota``, ``unknown_kind`` or as
    ``quota_set_propose`` refuses."""
    return _set_out(rating_run_propose_quotas(actor=_actor(request), run_id=run_id,
                                              kind=kind or "foreign_labour"))


@router.post("/sets/{int:set_id}/lines", response={200: LineOut, **ERRORS})
def line_adjust(request: HttpRequest, set_id: int, payload: LineIn) -> LineOut:
    """Set the places of one line of a draft (422 ``published`` once it is approved)."""
    line = services.quota_line_adjust(actor=_actor(request), quota_set_id=set_id,
                                      **payload.model_dump())
    return LineOut(category=line.category, region=line.region, amount=line.amount,
                   basis=line.basis)


@router.post("/sets/{int:set_id}/approve", response={200: QuotaSetOut, **ERRORS})
def set_approve(request: HttpRequest, set_id: int) -> QuotaSetOut:
    """Approve and publish a draft (422 ``below_drawn`` when a line would fall below the
    places already drawn, ``published`` when it is not a draft)."""
    return _set_out(services.quota_set_approve(actor=_actor(request), quota_set_id=set_id))


@router.post("/draws", response={200: DrawOut, **ERRORS})
def reserve(request: HttpRequest, payload: ReserveIn,
            idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1,
                                          max_length=100)) -> DrawOut:
    """Reserve one place until it expires unless issued. Repeating the request with the
    same ``Idempotency-Key`` returns the first reservation. 422 ``quota_exhausted`` (with
    the remaining balance), ``no_quota``, ``no_quota_line`` or ``unknown_region``."""
    draw = services.quota_reserve(actor=_actor(request), idempotency_key=idempotency_key,
                                  **payload.model_dump())
    return _draw_out(draw)


@router.post("/draws/{int:draw_id}/issue", response={200: DrawOut, **ERRORS})
def issue(request: HttpRequest, draw_id: int) -> DrawOut:
    """Confirm a reservation (422 ``reservation_lapsed`` once it expired or was released)."""
    return _draw_out(services.quota_issue(actor=_actor(request), draw_id=draw_id))


@router.post("/draws/{int:draw_id}/release", response={200: DrawOut, **ERRORS})
def release(request: HttpRequest, draw_id: int, payload: ReleaseIn) -> DrawOut:
    """Return the place (a cancelled permit, a returned certificate)."""
    return _draw_out(services.quota_release(actor=_actor(request), draw_id=draw_id,
                                            reason=payload.reason))
