"""Neo Nomad Visa (B12-1): remote workers with a steady income from abroad."""

from pathlib import Path

from kosh.instruments.manifest import Manifest, manifest_register

from . import variables, whatif
from .instrument import NeoNomad, income_months

MANIFEST = manifest_register(Manifest(
    instrument=NeoNomad(),
    variables=variables,
    parameters=Path(__file__).resolve().parent / "parameters",
    whatif_parameters=whatif.PARAMETERS,
    whatif_inputs=whatif.inputs,
))

__all__ = ["MANIFEST", "income_months"]
