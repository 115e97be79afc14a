"""The foreign-labour quota proposed from the rating, beside the baseline (a share of the
labour force, today's method), both as ``kosh.quotas.proposals.QuotaLineProposal`` lines.

Both methods share the same envelope — the share of the labour force in force for the year
(the quota baseline's dated parameters, ``kosh/quotas/parameters``: 0.25 % in 2026, order
No. 397 of 12.12.2025) — so what an official sees change is where the places go:

* baseline: the envelope split by permit category in the year's category shares (2026:
  726, 3,402, 5,893, 3,131 and 4,994 seasonal), national lines;
* rating-driven: the envelope split over permit category × region in proportion to last
  year's new vacancies of the priority (deficit) occupations, each weighted by its
  key-competence score; a unit group's category follows its ISCO-08 group (an
  *assumption*: order No. 559 defines categories by position, not by ISCO).

Amounts are rounded by largest remainders, so the lines sum to the envelope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kosh.quotas.baseline import CATEGORY_PARAMETER, quota_parameters
from kosh.quotas.proposals import PERMIT_CATEGORIES, QuotaLineProposal


@dataclass(frozen=True)
class Baseline:
    """The quota baseline of a year: labour force, share of it, category shares."""

    labour_force: int
    share: float
    categories: dict[str, float]


def baseline_of(year: int) -> Baseline:
    """The baseline parameters in force on 1 January of ``year`` (the last known values for
    a year no order has set yet)."""
    p = quota_parameters()(f"{year}-01-01")
    return Baseline(
        labour_force=int(p.labour_force), share=float(p.foreign_labour.share_of_labour_force),
        categories={c: float(p.foreign_labour.category_share[CATEGORY_PARAMETER[c]])
                    for c in PERMIT_CATEGORIES})


def permit_category(isco08: str) -> str:
    """The labour-permit category of a unit group: chief executives (11) → 1, other
    managers (12–14) → 2, professionals and technicians (2–3) → 3, clerks, service, craft
    and machine workers (4, 5, 7, 8) → 4, agricultural and elementary work (6, 9) →
    seasonal."""
    if isco08.startswith("11"):
        return "1"
    return {"1": "2", "2": "3", "3": "3", "6": "seasonal", "9": "seasonal"}.get(isco08[0], "4")


def _apportion(total: int, weights: dict, order: list) -> dict:
    """Split ``total`` in proportion to ``weights`` (largest remainders, ties by ``order``)."""
    mass = sum(weights.values())
    if mass <= 0:
        return dict.fromkeys(weights, 0)
    exact = {k: total * w / mass for k, w in weights.items()}
    out = {k: int(v) for k, v in exact.items()}
    rest = total - sum(out.values())
    for k in sorted(weights, key=lambda k: (-(exact[k] - out[k]), order.index(k)))[:rest]:
        out[k] += 1
    return out


def envelope(*, year: int, region_share: float = 1.0) -> int:
    """Places of the year: the quota share of the labour force (of a region's share)."""
    base = baseline_of(year)
    return round(base.labour_force * base.share * region_share)


def baseline_lines(*, year: int, region: str = "", region_share: float = 1.0
                   ) -> list[QuotaLineProposal]:
    """Today's method: the envelope by category in the year's category shares."""
    base = baseline_of(year)
    total = envelope(year=year, region_share=region_share)
    order = list(PERMIT_CATEGORIES)
    amounts = _apportion(total, base.categories, order)
    return [QuotaLineProposal(
        kind="foreign_labour", category=c, region=region, year=year, amount=amounts[c],
        basis=(f"baseline: {base.share:.2%} of the labour force {base.labour_force:,}"
               f"{f' × region share {region_share:.2%}' if region_share != 1 else ''}"
               f" = {total:,}; category {c} keeps its share {base.categories[c]:.4f}"))
        for c in order]


def rating_lines(*, year: int, demand: list[tuple[str, str, float]],
                 region_share: float = 1.0) -> list[QuotaLineProposal]:
    """The rating-driven method: ``demand`` is ``(isco08, region, vacancies × score)`` of
    the priority occupations; the envelope is split over category × region by it."""
    base = baseline_of(year)
    total = envelope(year=year, region_share=region_share)
    weights: dict[tuple[str, str], float] = defaultdict(float)
    units: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for isco, region, weighted in demand:
        key = (permit_category(isco), region)
        weights[key] += weighted
        units[key].append((weighted, isco))
    order = sorted(weights)
    amounts = _apportion(total, dict(weights), order)
    mass = sum(weights.values())
    lines = []
    for key in order:
        if not amounts[key]:
            continue
        top = ", ".join(code for _, code in sorted(units[key], reverse=True)[:3])
        lines.append(QuotaLineProposal(
            kind="foreign_labour", category=key[0], region=key[1], year=year,
            amount=amounts[key],
            basis=(f"rating: {weights[key] / mass:.2%} of the priority occupations' "
                   f"vacancies × key-competence score (largest: {top}) of the envelope "
                   f"{total:,} ({base.share:.2%} of the labour force)")))
    return lines


def settlement_lines(*, kind: str, year: int, proposal: list[dict],
                     official: dict[str, int], official_year: int) -> list[QuotaLineProposal]:
    """Kandas or resettler places of ``year`` over the settlement regions of the official
    quota (``official``: KATO region → places of ``official_year``; "" a national line):
    the same total, split in proportion to the rating's regional demand — the places the
    rating-driven foreign-labour ``proposal`` gives each region, i.e. its priority
    occupations' vacancies × score. Without regional demand in any settlement region, or
    without settlement regions, the official lines are kept."""
    total = sum(official.values())
    regions = sorted(r for r in official if r)
    demand: dict[str, float] = defaultdict(float)
    for line in proposal:
        if line["region"] in regions:
            demand[line["region"]] += line["amount"]
    if not regions or not sum(demand.values()):
        return [QuotaLineProposal(
            kind=kind, category="", region=region, year=year, amount=amount,
            basis=f"official {official_year} kept: no regional demand in the rating")
            for region, amount in sorted(official.items())]
    weights = {r: demand.get(r, 0.0) for r in regions}
    amounts = _apportion(total, weights, regions)
    mass = sum(weights.values())
    return [QuotaLineProposal(
        kind=kind, category="", region=region, year=year, amount=amounts[region],
        basis=(f"rating: {weights[region] / mass:.2%} of the priority occupations' demand in "
               f"the settlement regions of {official_year} (official {official.get(region, 0):,}"
               f" of {total:,})"))
        for region in regions]
