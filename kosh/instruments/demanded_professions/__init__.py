"""Visa for professions in demand (B9), heading for permanent residence."""

from pathlib import Path

from kosh.instruments.manifest import Manifest, manifest_register

from . import variables
from .instrument import DemandedProfessions

MANIFEST = manifest_register(Manifest(
    instrument=DemandedProfessions(),
    variables=variables,
    parameters=Path(__file__).resolve().parent / "parameters",
    whatif_parameters={},
))
