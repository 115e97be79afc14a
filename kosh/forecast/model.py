"""The multiregional cohort-component projection (regions × sexes × ages 0..100+),
vectorised over trajectories with NumPy, and a plain per-region reference of the same
arithmetic (for the tests and the benchmark).

One year, for every trajectory t, region r, sex s and age a (population at 1 January):

1. migration during the year, on the January population ``P``:
   internal out-moves ``O = P·o·k_int`` go to the other regions by the destination shares
   ``D[s, g, r, r']`` of the movers' sex and age group g (``MOVER_GROUPS``); emigrants
   ``E = P·e·k_emi``; immigrants ``I·k_imm`` (persons); a regional net rate
   ``P·(n + ε_r)`` (the residual of the official series and its shocks); fixed transfers
   between regions (resettlement) by an age-sex profile;
   ``Q = P − O − E + Σ_r' O[r']·D[s, g, r', r] + I·k_imm + P·(n + ε) + T_in − T_out``;
2. births ``B[r] = Σ_a f[r, a]·k_fert·Q[r, female, a]``, split by the sex ratio at birth and
   surviving to 1 January with ``L0/l0``;
3. ageing with the life-table survival ratios ``S^k_mort`` (``k_mort`` scales the hazard):
   ``P'[a+1] = Q[a]·S[a]``, the open group ``P'[100] = Q[99]·S[99] + Q[100]·S[100]``.

Internal moves leave one region and arrive in another, so they change no national total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from .schedules import AGES, FEMALE, MALE

SEXES = (MALE, FEMALE)
#: Age groups (edges) of the movers' destination shares: 0-15, 16-29, 30-44, 45-62, 63+.
MOVER_GROUPS = (0, 16, 30, 45, 63, AGES)


def destinations(destination: np.ndarray) -> np.ndarray:
    """Destination shares as (2, G, R, R) (an (R, R) matrix applies to everyone)."""
    if destination.ndim == 2:
        r_n = destination.shape[0]
        return np.broadcast_to(destination, (2, len(MOVER_GROUPS) - 1, r_n, r_n))
    return destination


def _group_of(age: int) -> int:
    return int(np.searchsorted(MOVER_GROUPS, age, side="right")) - 1


@dataclass(frozen=True)
class Rates:
    """Everything one projection applies each year (R regions, 2 sexes, 101 ages).

    ``survival`` (R, 2, A) life-table survival ratios; ``birth_survival`` (R, 2);
    ``fertility`` (R, A) births per woman; ``female_birth_share``; ``out_rate`` (R, 2, A)
    probability of moving to another region; ``destination`` where each origin's movers go
    (rows sum to 1, zero diagonal): (R, R) for everyone or (2, G, R, R) by sex and age
    group of ``MOVER_GROUPS``; ``emigration`` (R, 2, A) rates;
    ``immigration`` (R, 2, A) persons a year; ``net_rate`` (R, 2, A) residual net
    migration rate; ``transfers`` (R, R) persons a year moved from row to column by
    ``transfer_profile`` (2, A, summing to 1)."""

    survival: np.ndarray
    birth_survival: np.ndarray
    fertility: np.ndarray
    female_birth_share: float
    out_rate: np.ndarray
    destination: np.ndarray
    emigration: np.ndarray
    immigration: np.ndarray
    net_rate: np.ndarray
    transfers: np.ndarray
    transfer_profile: np.ndarray

    @property
    def regions(self) -> int:
        return self.survival.shape[0]


@dataclass(frozen=True)
class Paths:
    """Multipliers of the rates by trajectory and year (T, Y): mortality hazard, fertility,
    internal moves, emigration, immigration; and additive regional net-migration shocks
    (T, Y, R). All ones / zeros is the deterministic projection."""

    mortality: np.ndarray
    fertility: np.ndarray
    internal: np.ndarray
    emigration: np.ndarray
    immigration: np.ndarray
    regional: np.ndarray

    @classmethod
    def central(cls, years: int, regions: int, trajectories: int = 1) -> Paths:
        ones = np.ones((trajectories, years))
        return cls(ones, ones, ones, ones, ones, np.zeros((trajectories, years, regions)))

    @property
    def trajectories(self) -> int:
        return self.mortality.shape[0]


@dataclass
class Projection:
    """What a projection keeps: by trajectory, year 0..Y and region, the population by sex
    (T, Y+1, R, 2) and of working age (T, Y+1, R); the flows of each year (T, Y, R):
    arrivals from and departures to other regions (incl. transfers and the regional net
    residual, taken as moves within the country), emigrants, immigrants, births, deaths;
    and the full age detail (Y+1, R, 2, A) of trajectory 0 when asked (``keep_ages``)."""

    population: np.ndarray
    working_age: np.ndarray
    arrivals: np.ndarray
    departures: np.ndarray
    emigrants: np.ndarray
    immigrants: np.ndarray
    births: np.ndarray
    deaths: np.ndarray
    ages: np.ndarray | None = field(default=None)


def _inner(a: np.ndarray, dtype: type) -> np.ndarray:
    """(R, 2, A) → the engine's layout (2, A, R), contiguous, regions last (so moves
    between regions are one matrix product)."""
    return np.ascontiguousarray(np.moveaxis(a, 0, -1), dtype=dtype)


def project(base: np.ndarray, rates: Rates, paths: Paths, *, working: np.ndarray,
            keep_ages: bool = False, dtype: type = np.float64) -> Projection:
    """Project ``base`` (R, 2, A) population at 1 January over ``paths``' years for each
    of its trajectories. ``working`` (2, A) marks the working ages. Internally the arrays
    are (T, 2, A, R); ``dtype`` float32 halves the memory traffic for many trajectories
    (results agree with float64 to about 1e-6 relative)."""
    t_n, years = paths.mortality.shape
    r_n = base.shape[0]
    pop = np.broadcast_to(_inner(base, dtype), (t_n, 2, AGES, r_n)).copy()
    with np.errstate(divide="ignore"):  # a survival of 0 (nobody older) is allowed
        log_s = _inner(np.log(rates.survival), dtype)
        log_b = np.log(rates.birth_survival)  # (R, 2)
    out_rate, emigration = _inner(rates.out_rate, dtype), _inner(rates.emigration, dtype)
    immigration, net_rate = _inner(rates.immigration, dtype), _inner(rates.net_rate, dtype)
    has_net = bool(np.any(rates.net_rate))
    fert = np.ascontiguousarray(rates.fertility.T, dtype=dtype)  # (A, R)
    dest = destinations(rates.destination).astype(dtype)
    groups = list(pairwise(MOVER_GROUPS))
    born_share = np.array([1.0 - rates.female_birth_share, rates.female_birth_share])
    trans_in = np.einsum("rq,sa->saq", rates.transfers, rates.transfer_profile)
    trans_out = np.einsum("rq,sa->sar", rates.transfers, rates.transfer_profile)
    trans_net = (trans_in - trans_out).astype(dtype)
    has_trans = bool(np.any(rates.transfers))
    total = np.empty((t_n, years + 1, r_n, 2))
    work = np.empty((t_n, years + 1, r_n))
    flows = {k: np.empty((t_n, years, r_n)) for k in
             ("arrivals", "departures", "emigrants", "immigrants", "births", "deaths")}
    ages = np.empty((years + 1, r_n, 2, AGES)) if keep_ages else None
    wmask = working.astype(dtype)
    out, q, buf, new = (np.empty_like(pop) for _ in range(4))
    imm_total = rates.immigration.sum(axis=(1, 2))
    tin_r, tout_r = trans_in.sum(axis=(0, 1)), trans_out.sum(axis=(0, 1))

    def record(y: int) -> None:
        total[:, y] = pop.sum(axis=2).transpose(0, 2, 1)
        work[:, y] = np.einsum("tsar,sa->tr", pop, wmask)
        if ages is not None:
            ages[y] = np.moveaxis(pop[0], -1, 0)

    record(0)
    for y in range(years):
        k = (slice(None), y, None, None, None)
        ki, ke, km = (paths.internal[k].astype(dtype), paths.emigration[k].astype(dtype),
                      paths.mortality[k].astype(dtype))
        np.multiply(pop, out_rate, out=out)
        out *= ki
        inflow = np.empty_like(out)
        for s in SEXES:
            for g, (lo, hi) in enumerate(groups):
                np.matmul(out[:, s, lo:hi], dest[s, g], out=inflow[:, s, lo:hi])
        # q = P − O + inflow − P·e·k_emi + I·k_imm + P·(n + ε) + transfers
        np.subtract(pop, out, out=q)
        q += inflow
        np.multiply(pop, emigration, out=buf)
        buf *= ke
        q -= buf
        np.multiply(immigration, paths.immigration[k].astype(dtype), out=buf)
        q += buf
        shock = paths.regional[:, y, None, None, :].astype(dtype)
        if has_net:
            np.add(net_rate, shock, out=buf)
            buf *= pop
        else:
            np.multiply(pop, shock, out=buf)
        q += buf
        if has_trans:
            q += trans_net
        np.maximum(q, 0.0, out=q)
        births = np.einsum("tar,ar->tr", q[:, FEMALE], fert) * paths.fertility[:, y, None]
        np.multiply(log_s, km, out=buf)
        np.exp(buf, out=buf)
        np.multiply(q[:, :, :-1], buf[:, :, :-1], out=new[:, :, 1:])
        new[:, :, AGES - 1] += q[:, :, AGES - 1] * buf[:, :, AGES - 1]
        new[:, :, 0] = (births[:, None, :] * born_share[None, :, None]
                        * np.exp(log_b.T[None] * paths.mortality[:, y, None, None]))
        pop_r = total[:, y].sum(axis=2)
        out_r = out.sum(axis=(1, 2), dtype=np.float64)
        in_r = inflow.sum(axis=(1, 2), dtype=np.float64)
        net_r = paths.regional[:, y] * pop_r
        if has_net:
            net_r = net_r + np.einsum("tsar,sar->tr", pop, net_rate)
        flows["arrivals"][:, y] = in_r + tin_r + np.maximum(net_r, 0)
        flows["departures"][:, y] = out_r + tout_r - np.minimum(net_r, 0)
        flows["emigrants"][:, y] = np.einsum("tsar,sar->tr", pop, emigration) \
            * paths.emigration[:, y, None]
        flows["immigrants"][:, y] = imm_total * paths.immigration[:, y, None]
        flows["births"][:, y] = births
        q_r = q.sum(axis=(1, 2), dtype=np.float64)
        pop, new = new, pop
        record(y + 1)
        flows["deaths"][:, y] = q_r + births - total[:, y + 1].sum(axis=2)
    return Projection(population=total, working_age=work, ages=ages, **flows)


def project_reference(base: np.ndarray, rates: Rates, paths: Paths) -> np.ndarray:
    """The same projection written plainly — one trajectory, one region and one sex at a
    time with age vectors — returning the population by sex (T, Y+1, R, 2). Kept to check
    ``project`` and to measure it against."""
    t_n, years = paths.mortality.shape
    r_n = base.shape[0]
    dest = destinations(rates.destination)
    by_age = dest[:, [_group_of(a) for a in range(AGES)]]  # (2, A, R, R)
    result = np.empty((t_n, years + 1, r_n, 2))
    for t in range(t_n):
        pop = base.astype(np.float64).copy()
        result[t, 0] = pop.sum(axis=2)
        for y in range(years):
            q = np.empty_like(pop)
            movers = np.zeros_like(pop)
            for r in range(r_n):
                for s in SEXES:
                    movers[r, s] = pop[r, s] * rates.out_rate[r, s] * paths.internal[t, y]
            for r in range(r_n):
                for s in SEXES:
                    inflow = np.zeros(AGES)
                    for o in range(r_n):
                        inflow += movers[o, s] * by_age[s, :, o, r]
                    q[r, s] = (pop[r, s] - movers[r, s]
                               - pop[r, s] * rates.emigration[r, s] * paths.emigration[t, y]
                               + inflow + rates.immigration[r, s] * paths.immigration[t, y]
                               + pop[r, s] * (rates.net_rate[r, s] + paths.regional[t, y, r])
                               + rates.transfers[:, r].sum() * rates.transfer_profile[s]
                               - rates.transfers[r, :].sum() * rates.transfer_profile[s])
                    q[r, s] = np.maximum(q[r, s], 0.0)
            new = np.zeros_like(pop)
            for r in range(r_n):
                births = float(q[r, FEMALE] @ rates.fertility[r]) * paths.fertility[t, y]
                for s in SEXES:
                    surv = rates.survival[r, s] ** paths.mortality[t, y]
                    new[r, s, 1:] = q[r, s, :-1] * surv[:-1]
                    new[r, s, -1] += q[r, s, -1] * surv[-1]
                    share = rates.female_birth_share if s == FEMALE \
                        else 1.0 - rates.female_birth_share
                    new[r, s, 0] = births * share \
                        * rates.birth_survival[r, s] ** paths.mortality[t, y]
            pop = new
            result[t, y + 1] = pop.sum(axis=2)
    return result
