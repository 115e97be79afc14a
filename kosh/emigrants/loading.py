"""Rows of the work-abroad register from the synthetic nation's ``emigrant_workers`` table
(for ``kosh synth load``; see kosh/synth/nation/mapping.py). The table has no city,
employer or contract: the city and employer are left empty, the contract runs from the
start to the end of the stay (to two years after the start while still abroad), and the
stay is "returned" once its end has passed. Irregular workers are registered like the
others (the register is what the citizens declared)."""

import numpy as np
import pyarrow as pa

from kosh.synth.nation.registry import decoded

OPEN_CONTRACT_DAYS = 730
INSURANCE_FREE_DAYS = 90  # repatriation_insurance.stay_days_without_insurance (proposed)


def work_rows(ctx, t: pa.Table, person: np.ndarray, today: np.datetime64,
              ) -> dict[str, pa.Table]:
    """``emigrants_workabroad`` rows of the persons in ``t``."""
    n = t.num_rows
    start = t.column("started_on").to_numpy(zero_copy_only=False).astype("datetime64[D]")
    end = t.column("ended_on").to_numpy(zero_copy_only=False).astype("datetime64[D]")
    open_ = np.isnat(end)
    contract_to = np.where(open_, start + np.timedelta64(OPEN_CONTRACT_DAYS, "D"), end)
    returned = ~open_ & (end <= today)
    return {"emigrants_workabroad": pa.table({
        "id": ctx.ids("emigrants_workabroad", n), "person_id": person,
        "country_id": decoded(t, "country"), "city": pa.array([""] * n, pa.string()),
        "employer_name": pa.array([""] * n, pa.string()),
        "contract_from": pa.array(start, pa.date32()),
        "contract_to": pa.array(contract_to, pa.date32()),
        "agency_id": pa.nulls(n, pa.int64()),
        "insurance_applies": pa.array(
            (contract_to - start).astype(np.int64) + 1 > INSURANCE_FREE_DAYS),
        "insurance_policy": pa.array([""] * n, pa.string()),
        "insurer": pa.array([""] * n, pa.string()),
        "status": pa.array(np.where(returned, "returned", "abroad"), pa.string()),
        "returned_on": pa.array(np.where(returned, end, np.datetime64("NaT")), pa.date32()),
        "registered_at": pa.array([ctx.now] * n, pa.string()),
    })}
