"""An instrument's manifest: everything Kosh needs of one instrument, in the instrument's
own folder (``kosh/instruments/<code>/``).

The folder holds ``instrument.py`` (form, schema, criteria in words with how each is known,
the document it issues), ``variables.py`` (its OpenFisca variables), ``parameters/`` (its
dated YAML parameters, ``index.yaml`` saying whether it is ``enacted`` or ``proposed``) and
``__init__.py``, which builds the :class:`Manifest` and calls :func:`manifest_register`.
The instruments app imports every such package when Django starts; registering puts the
rules into the rules system and the instrument into the case engine, so adding an
instrument touches its own folder only."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from kosh.cases.registry import Instrument, instrument_register
from kosh.rules.system import parameter_metadata, rules_register
from kosh.whatif.hooks import Inputs, WhatIfParameter

ENACTED = "enacted"
PROPOSED = "proposed"


@dataclass(frozen=True)
class Manifest:
    """One instrument. ``whatif_parameters`` are the parameters the what-if may change
    (path, label, bounds); ``whatif_inputs`` turns the what-if's synthetic applicants into
    the instrument's OpenFisca inputs (arrays); an instrument without it has no what-if."""

    instrument: Instrument
    variables: ModuleType
    parameters: Path
    whatif_parameters: tuple[WhatIfParameter, ...] = ()
    whatif_inputs: Callable[..., Inputs] | None = None

    @property
    def code(self) -> str:
        return self.instrument.code

    @property
    def status(self) -> str:
        """``enacted``, or ``proposed`` when no enacted act creates it (its parameters'
        ``index.yaml`` says so)."""
        return parameter_metadata(self.code).get("status", ENACTED)

    @property
    def concept_measure(self) -> str:
        """For a proposed instrument, the Concept measure it comes from."""
        return parameter_metadata(self.code).get("concept_measure", "")


MANIFESTS: dict[str, Manifest] = {}


def manifest_register(manifest: Manifest) -> Manifest:
    """Register the instrument's rules and the instrument itself (once, at start-up)."""
    for parameter in manifest.whatif_parameters:
        if parameter.path.split(".", 1)[0] != manifest.code:
            raise RuntimeError(f"{parameter.path} is not a parameter of {manifest.code}")
    rules_register(code=manifest.code, variables=manifest.variables,
                   parameters=manifest.parameters)
    instrument_register(manifest.instrument)
    MANIFESTS[manifest.code] = manifest
    return manifest


def whatif_bounds() -> dict[str, tuple[float, float | None]]:
    """Every parameter the what-if may change, across instruments, with its bounds."""
    return {p.path: (p.low, p.high) for m in MANIFESTS.values() for p in m.whatif_parameters}


def is_proposed(code: str) -> bool:
    """True when the instrument has no enacted legal basis (pilot only)."""
    manifest = MANIFESTS.get(code)
    return manifest is not None and manifest.status == PROPOSED

