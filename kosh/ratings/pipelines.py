"""The ratings as Ibis pipelines: functions from Ibis tables to Ibis tables, so the caller
chooses the backend (DuckDB over Parquet by default, see ``snapshot``).

Inputs: ``labour_market`` (``month, region, isco08, vacancies, job_seekers, wage_kzt``,
one row per unit group, region and month) and ``work_permits`` (``quota_year, in_quota,
region, isco08``). A rating for year *t* reads the years of the window *t*−3..*t*−1 that
have data (at least two). The indicators, their normalisation and the weights are
described in docs/ratings.md; nothing here knows where the tables come from."""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from .weights import INDICATORS, RATINGS, Weights

#: ISCO-08 major groups each rating ranks (key competences: every civilian occupation;
#: demanded professions: managers, professionals, technicians — the visa is for
#: specialists; valuable skills: professionals, technicians and craft workers, whose
#: skills are learnt rather than positions held).
ELIGIBLE_MAJORS: dict[str, tuple[str, ...]] = {
    "key_competences": ("1", "2", "3", "4", "5", "6", "7", "8", "9"),
    "demanded_professions": ("1", "2", "3"),
    "valuable_skills": ("2", "3", "7"),
}


def window(year: int) -> tuple[int, int, int]:
    """The years a rating for ``year`` reads: *t*−3, *t*−2, *t*−1."""
    return (year - 3, year - 2, year - 1)


def years_present(labour_market: ir.Table) -> ir.Table:
    """The years the labour-market table has rows for (one column ``year``)."""
    return labour_market.select(year=labour_market.month.year()).distinct()


def indicators(labour_market: ir.Table, work_permits: ir.Table, *, year: int,
               years: Sequence[int], by: Sequence[str] = ("isco08",)) -> ir.Table:
    """The raw shortage indicators of every group ``by`` (unit group, optionally region)
    for the rating ``year``, from the window ``years`` (sorted, at least two): one row per
    group with data in the window's last year.

    * ``vacancy_rate``: new vacancies ÷ (new vacancies + registered job seekers), last
      year (a proxy: the table has no employment count);
    * ``vacancy_duration``: share of the window's months in which new vacancies exceeded
      the registered job seekers (a proxy for vacancies staying open);
    * ``vacancies_per_seeker``: new vacancies ÷ job seekers (at least 1), last year;
    * ``wage_growth``: yearly growth of the mean offered wage, first to last year;
    * ``foreign_share``: in-quota work permits ÷ (permits + new vacancies), last year;
    * ``employer_demand``: new vacancies, last year;
    * ``forecast_demand``: vacancies forecast for ``year`` by the straight line through
      the first and last year of the window (not below 0) ÷ job seekers of the last year.
    """
    by = list(by)
    first, last = min(years), max(years)
    lm = labour_market.mutate(year=labour_market.month.year())
    lm = lm.filter(lm.year.isin(list(years)))
    monthly = lm.group_by([*by, "year", "month"]).agg(
        vac=lm.vacancies.sum(), seek=lm.job_seekers.sum(), wage=lm.wage_kzt.mean())
    yearly = monthly.group_by([*by, "year"]).agg(
        vac=monthly.vac.sum(), seek=monthly.seek.sum(), wage=monthly.wage.mean())
    months = monthly.group_by(by).agg(
        vacancy_duration=(monthly.vac > monthly.seek).cast("float64").mean())
    now = yearly.filter(yearly.year == last).drop("year")
    then = yearly.filter(yearly.year == first).select(
        *by, vac_first=yearly.vac, wage_first=yearly.wage)
    permits = work_permits.filter((work_permits.quota_year == last) & work_permits.in_quota)
    permits = permits.group_by(by).agg(permits=permits.count())
    t = now.left_join(then, by).drop([f"{k}_right" for k in by])
    t = t.left_join(months, by).drop([f"{k}_right" for k in by])
    t = t.left_join(permits, by).drop([f"{k}_right" for k in by])
    seekers = ibis.greatest(t.seek, 1).cast("float64")
    slope = (t.vac - t.vac_first.fill_null(t.vac)) / (last - first)
    forecast = ibis.greatest(t.vac + slope * (year - last), 0)
    growth = ((t.wage / t.wage_first).pow(1.0 / (last - first)) - 1).fill_null(0.0)
    n_permits = t.permits.fill_null(0).cast("float64")
    return t.select(
        *by,
        vacancies=t.vac, job_seekers=t.seek,
        vacancy_rate=(t.vac / ibis.greatest(t.vac + t.seek, 1)).cast("float64"),
        vacancy_duration=t.vacancy_duration.fill_null(0.0),
        vacancies_per_seeker=t.vac / seekers,
        wage_growth=growth,
        foreign_share=n_permits / ibis.greatest(n_permits + t.vac, 1),
        employer_demand=t.vac.cast("float64"),
        forecast_demand=forecast / seekers,
    )


def normalised(table: ir.Table, *, within: Sequence[str] = ()) -> ir.Table:
    """Add ``<indicator>_score``: the indicator's percentile rank, (rank − 1) ÷ (n − 1)
    in ascending order within ``within`` (e.g. region; the rating year is one run), so 0 is
    the lowest and 1 the highest; ties share the lower rank."""
    scores = {}
    for name in INDICATORS:
        w = ibis.window(group_by=list(within) or None, order_by=table[name])
        scores[f"{name}_score"] = ibis.percent_rank().over(w)
    return table.mutate(**scores)


def rated(table: ir.Table, weights: Weights, *, within: Sequence[str] = ()) -> ir.Table:
    """Add, for each rating, ``<rating>`` (score = Σ weight × normalised indicator, 0..1)
    and ``<rating>_rank`` (1 = most in shortage, within ``within``; ties by ISCO code;
    null where the rating does not rank the occupation's major group)."""
    out = {}
    for rating in RATINGS:
        w = weights.by_rating[rating]
        score = sum((table[f"{n}_score"] * w[n] for n in INDICATORS), ibis.literal(0.0))
        out[rating] = score
    t = table.mutate(**out)
    major = t.isco08.substr(0, 1)
    ranks = {}
    for rating in RATINGS:
        eligible = major.isin(list(ELIGIBLE_MAJORS[rating]))
        order = ibis.window(group_by=[*within, eligible] if within else [eligible],
                            order_by=[t[rating].desc(), t.isco08])
        ranks[f"{rating}_rank"] = ibis.cases(
            (eligible, ibis.row_number().over(order) + 1), else_=ibis.null("int64"))
    return t.mutate(**ranks)


def priority(table: ir.Table, weights: Weights) -> ir.Table:
    """Add ``priority``: the key-competence priority 1, 2, 3 by the score thresholds of
    the weights (null: not a deficit occupation)."""
    score = table.key_competences
    cases = [(score >= level, i + 1) for i, level in enumerate(weights.priorities)]
    return table.mutate(priority=ibis.cases(*cases, else_=ibis.null("int64")))


def regional_demand(regional: ir.Table) -> ir.Table:
    """From the rating computed per unit group × region (scores normalised within each
    region): each region's priority occupations with last year's new vacancies weighted by
    their regional key-competence score — ``isco08, region, weighted``, what the
    rating-driven quota shares out — and their ``vacancies`` (the demand the supply side
    is compared with)."""
    keep = regional.filter(regional.priority.notnull())
    return keep.select("isco08", "region", "vacancies",
                       weighted=keep.vacancies * keep.key_competences)
