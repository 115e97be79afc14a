"""What an instrument gives the what-if through its manifest: the parameters an analyst
may change (:class:`WhatIfParameter`, with bounds and a translated label) and a builder of
its vectorised OpenFisca inputs from the synthetic applicants (``Inputs``), with the array
helpers those builders share."""

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.utils.functional import Promise

Inputs = dict[str, object]


@dataclass(frozen=True)
class WhatIfParameter:
    """A parameter a what-if may change: its dotted path, its label, the lowest and highest
    value it may take (``None``: no upper bound), and whether it is yes/no."""

    path: str
    label: Promise
    low: float = 0
    high: float | None = None
    boolean: bool = False
    whole: bool = False

    def allows(self, value: float | bool) -> bool:
        """Whether ``value`` is of the right kind and within the bounds."""
        if self.boolean or isinstance(value, bool):
            return self.boolean and isinstance(value, bool)
        if self.whole and not float(value).is_integer():
            return False
        return self.low <= value and (self.high is None or value <= self.high)


def codes(values: np.ndarray, vocabulary: tuple[str, ...]) -> np.ndarray:
    """Indices into ``vocabulary`` of byte-string ``values`` (all must be present)."""
    vocab = np.array([v.encode() for v in vocabulary])
    order = np.argsort(vocab)
    return order[np.searchsorted(vocab, values, sorter=order)].astype(np.int16)


def day64(on: date) -> np.datetime64:
    """``on`` as a NumPy day, to add the population's day offsets to."""
    return np.datetime64(on.isoformat(), "D")
