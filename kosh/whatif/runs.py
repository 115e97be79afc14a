"""What-if runs in the background of the web process, so a page can show their progress.

A run is keyed by what it computes (changes, day, population size): starting the same
what-if twice in a process joins the first run, and its result stays available for the
exports and the API. Any process can answer for any key — a poll that reaches another
worker starts (or finds) the same run there — so nothing needs to be shared between
processes. The population is generated once per process (:func:`applicants_cached`)."""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from kosh.rules.decision import RulesUnavailable
from kosh.rules.reforms import ParameterChange
from kosh.rules.system import rule_version

from .applicants import applicants_cached
from .engine import WhatIfResult, whatif_instrument, whatif_run

logger = logging.getLogger(__name__)
RUNS_KEPT = 64
# Share of the work done when a stage starts (generating the population takes about as
# long as the two simulations together).
STAGES = {"population": 0.05, "baseline": 0.5, "reform": 0.75, "done": 1.0, "failed": 1.0}


@dataclass
class WhatIfRun:
    """One what-if, running or finished: its current ``stage`` and, when done, ``result``
    (or the ``RulesUnavailable`` code when it failed)."""

    key: str
    changes: tuple[ParameterChange, ...]
    on: date
    population: int
    stage: str = "population"
    result: WhatIfResult | None = None
    error: str = ""
    started: float = field(default_factory=time.perf_counter)
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def done(self) -> bool:
        return self.finished.is_set()

    @property
    def elapsed(self) -> float:
        """Seconds since the run started (until it finished)."""
        return (self.result.seconds if self.result else time.perf_counter() - self.started)


_runs: OrderedDict[str, WhatIfRun] = OrderedDict()
_lock = threading.Lock()


def whatif_key(*, changes: list[ParameterChange], on: date, population: int) -> str:
    """A short digest naming the what-if (and the rule version it runs on)."""
    text = repr((rule_version(), tuple(changes), on, population))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _work(run: WhatIfRun) -> None:
    def stage(name: str) -> None:
        run.stage = name

    try:
        people = applicants_cached(run.population)
        run.result = whatif_run(changes=list(run.changes), on=run.on, people=people,
                                progress=stage)
        run.stage = "done"
    except RulesUnavailable as err:
        run.error, run.stage = err.code, "failed"
    except Exception:
        logger.exception("what-if %s failed", run.key)
        run.error, run.stage = "failed", "failed"
    finally:
        run.finished.set()


def whatif_start(*, changes: list[ParameterChange], on: date, population: int) -> WhatIfRun:
    """The run of this what-if in this process, started now unless it already was.
    Raises ``RulesUnavailable`` at once for changes the what-if does not offer."""
    whatif_instrument(changes)
    key = whatif_key(changes=changes, on=on, population=population)
    with _lock:
        run = _runs.get(key)
        if run is not None and run.stage != "failed":
            _runs.move_to_end(key)
            return run
        run = _runs[key] = WhatIfRun(key=key, changes=tuple(changes), on=on,
                                     population=population)
        while len(_runs) > RUNS_KEPT:
            _runs.popitem(last=False)
    threading.Thread(target=_work, args=(run,), name=f"whatif-{key}", daemon=True).start()
    return run


def whatif_result(*, changes: list[ParameterChange], on: date,
                  population: int) -> WhatIfResult:
    """The result of this what-if, waiting for its run; raises ``RulesUnavailable``."""
    run = whatif_start(changes=changes, on=on, population=population)
    run.finished.wait()
    if run.result is None:
        raise RulesUnavailable(run.error or "failed", ", ".join(c.path for c in changes))
    return run.result


def population_warm(population: int) -> None:
    """Start generating the population in the background (when the page is opened), so
    the first run need not wait for it."""
    if population:
        threading.Thread(target=applicants_cached, args=(population,),
                         name="whatif-population", daemon=True).start()
