"""Rows of the asylum register from the synthetic nation's ``refugees`` table (for
``kosh synth load``; see kosh/synth/nation/mapping.py): an application per applicant
(arrival taken as the day of application — the table has no arrival day — so none is
late), with its terms computed as the services compute them; stateless residents on the
stateless register (documented when the table gives a certificate). Both are marked
``before_kosh``: their certificates were issued before Kosh and no copy is held (the card
and the pages say so; no PDF is made up for a document Kosh did not issue)."""

from datetime import date

import numpy as np
import pyarrow as pa

from kosh.cases.deadlines import working_days_add
from kosh.synth.nation.registry import decoded

from .services import months_after
from .statuses import AsylumStatus, StatelessStatus

# status in the nation → status of the application
APPLICATION_STATUS = {"asylum_seeker": AsylumStatus.REGISTERED,
                      "refugee": AsylumStatus.RECOGNISED, "refused": AsylumStatus.REFUSED,
                      "withdrawn": AsylumStatus.WITHDRAWN}
INTERVIEW_WORKING_DAYS = 10  # protection.asylum.interview_working_days (planning value)
DECISION_MONTHS = 3  # protection.asylum.decision_months


def _days(values: list[date | None]) -> pa.Array:
    return pa.array(values, pa.date32())


def asylum_rows(ctx, t: pa.Table, person: np.ndarray) -> dict[str, pa.Table]:
    """``protection_asylumapplication`` and ``protection_statelessrecord`` rows of the
    persons in ``t`` (already mapped to database ids in ``person``)."""
    status = decoded(t, "status").to_pylist()
    applied = t.column("applied_on").to_pylist()
    decided = t.column("decided_on").to_pylist()
    certified = t.column("certificate_until").to_pylist()
    origin = decoded(t, "citizenship").to_pylist()
    asked = [i for i, s in enumerate(status) if s in APPLICATION_STATUS]
    alone = [i for i, s in enumerate(status) if s == "stateless"]
    n = len(asked)
    reg = [applied[i] for i in asked]
    closed = [APPLICATION_STATUS[status[i]] not in (AsylumStatus.REGISTERED,) for i in asked]
    applications = pa.table({
        "id": ctx.ids("protection_asylumapplication", n),
        "person_id": person[asked] if n else np.zeros(0, np.int64),
        "origin_id": pa.array([origin[i] for i in asked], pa.string()),
        "arrival_date": _days(reg), "registered_on": _days(reg),
        "late": pa.array([False] * n), "late_reason": pa.array([""] * n, pa.string()),
        "status": pa.array([str(APPLICATION_STATUS[status[i]]) for i in asked], pa.string()),
        "interview_due": _days([working_days_add(d, INTERVIEW_WORKING_DAYS) for d in reg]),
        "decision_due": _days([months_after(d, DECISION_MONTHS) for d in reg]),
        "extension_reason": pa.array([""] * n, pa.string()),
        "interviewed_on": _days([None] * n), "interview_note": pa.array([""] * n, pa.string()),
        "decided_on": _days([decided[i] if c else None for i, c in zip(asked, closed,
                                                                         strict=True)]),
        "refusal_ground": pa.array([""] * n, pa.string()),
        "refusal_reason": pa.array([""] * n, pa.string()),
        "appeal_until": _days([None] * n), "registered_by_id": pa.nulls(n, pa.int64()),
        "residence_applied_on": _days([None] * n), "residence_decision_due": _days([None] * n),
        "ended_on": _days([None] * n), "end_ground": pa.array([""] * n, pa.string()),
        "end_reason": pa.array([""] * n, pa.string()), "before_kosh": pa.array([True] * n),
        "created_at": pa.array([ctx.now] * n, pa.string()),
    })
    m = len(alone)
    stateless = pa.table({
        "id": ctx.ids("protection_statelessrecord", m),
        "person_id": person[alone] if m else np.zeros(0, np.int64),
        "identified_on": _days([applied[i] for i in alone]),
        "basis": pa.array(["synthetic nation: stateless resident"] * m, pa.string()),
        "status": pa.array([str(StatelessStatus.DOCUMENTED if certified[i]
                                else StatelessStatus.IDENTIFIED) for i in alone], pa.string()),
        "residence_applied_on": _days([None] * m),
        "residence_decision_due": _days([None] * m),
        "ended_on": _days([None] * m), "end_ground": pa.array([""] * m, pa.string()),
        "end_reason": pa.array([""] * m, pa.string()), "before_kosh": pa.array([True] * m),
        "created_at": pa.array([ctx.now] * m, pa.string()),
    })
    return {"protection_asylumapplication": applications,
            "protection_statelessrecord": stateless}

