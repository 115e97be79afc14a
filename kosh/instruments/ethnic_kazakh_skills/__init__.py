"""10-year visa for ethnic Kazakhs with valuable skills (proposed by the Concept, not enacted)."""

from pathlib import Path

from kosh.instruments.manifest import Manifest, manifest_register

from . import variables
from .instrument import EthnicKazakhSkills

MANIFEST = manifest_register(Manifest(
    instrument=EthnicKazakhSkills(),
    variables=variables,
    parameters=Path(__file__).resolve().parent / "parameters",
    whatif_parameters={},
))
