"""Long-term visa for teachers and scientists (proposed by the Concept, not enacted)."""

from pathlib import Path

from kosh.instruments.manifest import Manifest, manifest_register

from . import variables
from .instrument import TeachersScientists

MANIFEST = manifest_register(Manifest(
    instrument=TeachersScientists(),
    variables=variables,
    parameters=Path(__file__).resolve().parent / "parameters",
    whatif_parameters={},
))
