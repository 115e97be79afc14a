"""Cycles started from the console run in a background thread of the web process, so the
page can poll their progress; the thread calls the same service as the CLI and the run is
stored only when it succeeded."""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from kosh.access.policy import Actor
from kosh.errors import DomainError

from .cycle import STAGES
from .services import rating_run_create

logger = logging.getLogger(__name__)
JOBS_KEPT = 32


@dataclass
class RatingJob:
    """A cycle being computed: its stage, then the stored run's id or the refusal."""

    key: str
    year: int
    stage: str = "reading"
    run_id: int | None = None
    error: str = ""
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def percent(self) -> int:
        return round(STAGES.get(self.stage, 0.0) * 100)


_jobs: dict[str, RatingJob] = {}
_lock = threading.Lock()


def _work(job: RatingJob, actor: Actor, directory: Path, region: str) -> None:
    def stage(name: str) -> None:
        job.stage = name

    try:
        job.run_id = rating_run_create(actor=actor, year=job.year, directory=directory,
                                       region=region, progress=stage).pk
        job.stage = "done"
    except DomainError as err:
        job.error, job.stage = str(err.message), "failed"
    except Exception:
        logger.exception("rating job %s failed", job.key)
        job.error, job.stage = "failed", "failed"
    finally:
        connection.close()
        job.finished.set()


def rating_job_start(*, actor: Actor, year: int, directory: Path, region: str = "") -> RatingJob:
    """Start computing the cycle in the background; returns the job to poll."""
    job = RatingJob(key=uuid.uuid4().hex[:16], year=year)
    with _lock:
        _jobs[job.key] = job
        while len(_jobs) > JOBS_KEPT:
            _jobs.pop(next(iter(_jobs)))
    threading.Thread(target=_work, args=(job, actor, directory, region),
                     name=f"rating-{job.key}", daemon=True).start()
    return job


def rating_job(key: str) -> RatingJob | None:
    """The job started under ``key`` in this process, if any."""
    return _jobs.get(key)
