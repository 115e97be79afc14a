"""The synthetic nation's 2019–2025 kandas and resettler families into the settlement
registers (``kosh synth load``, called from ``kosh.synth.nation.mapping``): families and
members, the kandas status of each kandas family, the relocation subsidy (with its one
payment) of families in the quota that arrived while the support rules are in force, and
housing prices per district and quarter. The kandas of 1991–2018 stay registry categories
only (no family is known). Certificates are not loaded: the nation names no employer of
the confirmed job."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
from openfisca_core.errors import ParameterNotFound

from kosh.rules.system import parameter_value
from kosh.synth.nation.registry import decoded

from .rules import DomainError, parameter

if TYPE_CHECKING:
    from kosh.synth.nation.mapping import LoadContext

SETTLEMENT_TABLES = ["settlement_family", "settlement_member", "settlement_kandasstatus",
                     "settlement_support", "settlement_payment", "settlement_housingprice"]
# values of the models' choices (written as text: this module is imported before Django
# loads the apps, by kosh.synth.nation.mapping)
RELATIONS = {"head": "head", "spouse": "spouse", "child": "child"}
ROLE_ORDER = {"head": 0, "spouse": 1, "child": 2}


def _mci(year: int) -> int:
    """The MCI of a year in which the support rules are in force (0 before)."""
    try:
        parameter("support.relocation_mci_per_member", date(year, 7, 1))
        return int(parameter_value("mci", date(year, 7, 1)))
    except (DomainError, ParameterNotFound):
        return 0


def _per_member(year: int) -> int:
    return int(parameter("support.relocation_mci_per_member", date(year, 7, 1)))


def _dates(values) -> pa.Array:
    """Days as a date column (missing values — None, NaN, NaT — null)."""
    return pa.array([None if v is None or pd.isna(v) else v for v in values], pa.date32())


def _frame(ctx: LoadContext, name: str, columns: list[str]) -> pd.DataFrame:
    t = ctx.read(name, columns)
    df = pd.DataFrame({c: decoded(t, c).to_pandas() for c in columns})
    df = df[df["family_id"].notna()].copy()
    df["person_id"] = df["person_id"].astype("int64") + ctx.offset
    df["order"] = df["role"].map(ROLE_ORDER).fillna(3)
    return df.sort_values(["family_id", "order", "person_id"])


def _families(ctx: LoadContext, df: pd.DataFrame, *, programme: str, day: str,
              region_of: pd.Series, origin: pd.Series | None, quota: pd.Series,
              stage: pd.Series, citizenship: pd.Series, departed: pd.Series,
              ) -> tuple[dict[str, pa.Table], pd.DataFrame]:
    heads = df.groupby("family_id", sort=True).first()
    size = df.groupby("family_id", sort=True).size()
    n = len(heads)
    ids = ctx.ids("settlement_family", n)
    fam = pd.DataFrame({"id": ids, "size": size.to_numpy()}, index=heads.index)
    arrived = pd.to_datetime(heads[day]).dt.date
    table = {
        "id": ids, "programme": [programme] * n,
        "idempotency_key": [f"synth:{programme}:{int(f)}:{ctx.offset}" for f in heads.index],
        "stage": stage.loc[heads.index].to_list(),
        "mission_country_id": (heads["origin_country"].to_list() if "origin_country" in heads
                               else [None] * n),
        "origin_district_id": (ctx.district_ids(pa.array(origin.loc[heads.index].to_list(),
                                                         pa.string()))
                               if origin is not None else pa.nulls(n, pa.int64())),
        "region_id": region_of.loc[heads.index].to_list(),
        "quota_year": pa.array([a.year if q else None for a, q in zip(
            arrived, quota.loc[heads.index], strict=True)], pa.int64()),
        "applied_on": _dates(arrived), "visa_issued_on": _dates([None] * n),
        "arrived_on": _dates(arrived),
        "citizenship_on": _dates(citizenship.loc[heads.index]),
        "departed_on": _dates(departed.loc[heads.index]), "refusal": [""] * n,
        "rule_version": ["synthetic"] * n, "created_by": ["kosh synth load"] * n,
        "created_at": [ctx.now] * n,
    }
    members = df.merge(fam[["id"]], left_on="family_id", right_index=True)
    rows = {
        "settlement_family": pa.table({k: pa.array(v) if not isinstance(v, pa.Array) else v
                                       for k, v in table.items()}),
        "settlement_member": pa.table({
            "id": ctx.ids("settlement_member", len(members)),
            "family_id": members["id"].to_numpy(), "person_id": members["person_id"].to_numpy(),
            "relation": [RELATIONS.get(r, "other") for r in members["role"]],
        }),
    }
    fam["arrived"] = arrived.to_numpy()
    fam["in_quota"] = quota.loc[heads.index].to_numpy()
    return rows, fam


def _relocation(ctx: LoadContext, fam: pd.DataFrame) -> dict[str, pa.Table]:
    """The relocation subsidy of families in the quota arriving from 2023 (one payment)."""
    fam = fam[fam["in_quota"]].copy()
    fam["mci"] = [_mci(a.year) for a in fam["arrived"]]
    fam = fam[fam["mci"] > 0]
    total = [int(s) * _per_member(a.year) * int(m) for s, a, m in zip(
        fam["size"], fam["arrived"], fam["mci"], strict=True)]
    n = len(fam)
    support = ctx.ids("settlement_support", n)
    return {
        "settlement_support": pa.table({
            "id": support, "family_id": fam["id"].to_numpy(),
            "kind": ["relocation"] * n, "granted_on": _dates(fam["arrived"]),
            "total_kzt": pa.array(total, pa.int64()), "mci": fam["mci"].to_numpy(),
            "granted_by": ["kosh synth load"] * n}),
        "settlement_payment": pa.table({
            "id": ctx.ids("settlement_payment", n), "support_id": support,
            "due_on": _dates(fam["arrived"]), "amount_kzt": pa.array(total, pa.int64()),
            "status": ["paid"] * n, "paid_on": _dates(fam["arrived"]),
            "recorded_by": ["kosh synth load"] * n}),
    }


def kandas_rows(ctx: LoadContext) -> dict[str, pa.Table]:
    """The 2019–2025 kandas families with their status and relocation subsidy."""
    cols = ["person_id", "family_id", "role", "arrived_on", "status_granted_on",
            "origin_country", "region", "in_quota", "citizenship_on"]
    df = _frame(ctx, "kandas", cols)
    heads = df.groupby("family_id", sort=True).first()
    today = pd.Timestamp(ctx.now[:10]).date()
    citizen = pd.to_datetime(heads["citizenship_on"]).dt.date.where(
        heads["citizenship_on"].notna(), None)
    citizen = citizen.map(lambda d: d if d is not None and d <= today else None)
    stage = citizen.map(lambda d: "citizens" if d else "arrived")
    rows, fam = _families(ctx, df, programme="kandas", day="arrived_on",
                          region_of=heads["region"], origin=None,
                          quota=heads["in_quota"].astype(bool), stage=stage,
                          citizenship=citizen, departed=pd.Series(None, index=heads.index))
    granted = pd.to_datetime(heads["status_granted_on"]).dt.date
    months = {y: int(parameter("kandas.status_validity_months", date(y, 7, 1)))
              for y in {g.year for g in granted}}
    mci = {y: _mci(y) for y in months}
    relocation = [int(s) * _per_member(g.year) * mci[g.year] if q and mci[g.year] else 0
                  for s, g, q in zip(
        fam["size"], granted, fam["in_quota"], strict=True)]
    n = len(fam)
    rows["settlement_kandasstatus"] = pa.table({
        "id": ctx.ids("settlement_kandasstatus", n), "family_id": fam["id"].to_numpy(),
        "due_on": _dates(granted), "granted_on": _dates(granted),
        "valid_until": _dates([(pd.Timestamp(g) + pd.DateOffset(months=months[g.year])).date()
                               for g in granted]),
        "extended_months": np.zeros(n, np.int64), "ended_on": _dates(citizen),
        "relocation_kzt": pa.array(relocation, pa.int64()), "rent_mci": np.zeros(n, np.int64),
        "rent_monthly_kzt": np.zeros(n, np.int64)})
    return rows | _relocation(ctx, fam)


def resettler_rows(ctx: LoadContext) -> dict[str, pa.Table]:
    """The resettler families with their relocation subsidy, and housing prices."""
    cols = ["person_id", "family_id", "role", "moved_on", "origin_district", "region",
            "returned_on"]
    df = _frame(ctx, "resettlers", cols)
    heads = df.groupby("family_id", sort=True).first()
    departed = pd.to_datetime(heads["returned_on"]).dt.date.where(
        heads["returned_on"].notna(), None)
    stage = departed.map(lambda d: "departed" if d else "arrived")
    rows, fam = _families(ctx, df, programme="resettlers", day="moved_on",
                          region_of=heads["region"], origin=heads["origin_district"],
                          quota=pd.Series(True, index=heads.index), stage=stage,
                          citizenship=pd.Series(None, index=heads.index), departed=departed)
    return rows | _relocation(ctx, fam) | housing_rows(ctx)


def housing_rows(ctx: LoadContext) -> dict[str, pa.Table]:
    """Price and rent per m² by district and quarter."""
    t = ctx.read("housing_costs", ["quarter", "district", "price_kzt_m2", "rent_kzt_m2_month"],
                 person="")
    district = ctx.district_ids(decoded(t, "district")).to_numpy(zero_copy_only=False)
    quarter = pd.to_datetime(decoded(t, "quarter").to_pandas())
    keep = ~pd.isna(district)
    n = int(keep.sum())
    return {"settlement_housingprice": pa.table({
        "id": ctx.ids("settlement_housingprice", n),
        "district_id": district[keep].astype("int64"),
        "year": quarter.dt.year.to_numpy()[keep],
        "quarter": quarter.dt.quarter.to_numpy()[keep],
        "price_m2_kzt": decoded(t, "price_kzt_m2").to_numpy()[keep],
        "rent_m2_kzt": decoded(t, "rent_kzt_m2_month").to_numpy()[keep]})}
