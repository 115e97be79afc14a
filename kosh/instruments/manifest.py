"""An instrument's manifest: everything Kosh needs of one instrument, in the instrument's
own folder (``kosh/instruments/<code>/``).

The folder holds ``instrument.py`` (form, schema, criteria in words with how each is known,
the document it issues), ``variables.py`` (its OpenFisca variables), ``parameters/`` (its
dated YAML parameters, ``index.yaml`` saying whether it is ``enacted`` or ``proposed``) and
``__init__.py``, which builds the :class:`Manifest` and calls :func:`manifest_register`.
The instruments app imports every such package when Django starts; registering puts the
rules into the rules system and the instrument into the case engine, so adding an
instrument touches its own folder only."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from kosh.cases.registry import Instrument, instrument_register
from kosh.rules.system import parameter_metadata, rules_register

ENACTED = "enacted"
PROPOSED = "proposed"


@dataclass(frozen=True)
class Manifest:
    """One instrument. ``whatif_parameters`` maps each parameter path the what-if may
    change to the bounds of the values it may try (``(low, high)``; yes/no parameters
    ignore them). ``whatif_inputs`` is the hook that turns a synthetic population into
    the instrument's OpenFisca inputs (arrays) for the what-if: ``None`` until the what-if
    capability takes it over."""

    instrument: Instrument
    variables: ModuleType
    parameters: Path
    whatif_parameters: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    whatif_inputs: Callable[..., dict[str, Any]] | None = None

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
    for path in manifest.whatif_parameters:
        if path.split(".", 1)[0] != manifest.code:
            raise RuntimeError(f"{path} is not a parameter of {manifest.code}")
    rules_register(code=manifest.code, variables=manifest.variables,
                   parameters=manifest.parameters)
    instrument_register(manifest.instrument)
    MANIFESTS[manifest.code] = manifest
    return manifest


def whatif_bounds() -> dict[str, tuple[float, float]]:
    """Every parameter the what-if may change, across instruments, with its bounds."""
    return {path: bounds for m in MANIFESTS.values()
            for path, bounds in m.whatif_parameters.items()}


def is_proposed(code: str) -> bool:
    """True when the instrument has no enacted legal basis (pilot only)."""
    manifest = MANIFESTS.get(code)
    return manifest is not None and manifest.status == PROPOSED

