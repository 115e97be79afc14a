"""The benchmarks' server: the demo settings plus the reference endpoints under ``/bench/``
(``kosh.bench``), which no other settings mount."""

from .demo import *  # noqa: F403

ROOT_URLCONF = "kosh.bench.urls"
