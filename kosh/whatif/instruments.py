"""The instruments the what-if can run: those whose manifest (``kosh/instruments/<code>/``)
gives what-if parameters and an inputs builder. Read from the registered manifests each
time, so an instrument added in its own folder appears here with nothing else changed."""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise

from .applicants import Applicants
from .hooks import Inputs, WhatIfParameter


@dataclass(frozen=True)
class WhatIfInstrument:
    """An instrument's what-if: its label, its parameters and its inputs builder, which
    turns the population into OpenFisca inputs with dates relative to the assessment day."""

    code: str
    label: Promise
    parameters: tuple[WhatIfParameter, ...]
    inputs: Callable[[Applicants, date], Inputs]


def _instruments() -> dict[str, WhatIfInstrument]:
    from kosh.instruments.manifest import MANIFESTS  # filled when the apps are ready

    return {
        code: WhatIfInstrument(code=code, label=m.instrument.label,
                               parameters=m.whatif_parameters, inputs=m.whatif_inputs)
        for code, m in MANIFESTS.items() if m.whatif_inputs is not None
    }


class _Instruments(Mapping[str, WhatIfInstrument]):
    """Instrument code → its what-if."""

    def __getitem__(self, code: str) -> WhatIfInstrument:
        return _instruments()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(_instruments())

    def __len__(self) -> int:
        return len(_instruments())


class _Parameters(Mapping[str, WhatIfParameter]):
    """Parameter path → the parameter, across instruments."""

    def _all(self) -> dict[str, WhatIfParameter]:
        return {p.path: p for spec in _instruments().values() for p in spec.parameters}

    def __getitem__(self, path: str) -> WhatIfParameter:
        return self._all()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


WHATIF_INSTRUMENTS: Mapping[str, WhatIfInstrument] = _Instruments()
WHATIF_PARAMETERS: Mapping[str, WhatIfParameter] = _Parameters()
