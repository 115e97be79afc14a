"""Investor visa (A6): a one-time investment in the economy of Kazakhstan."""

from pathlib import Path

from kosh.instruments.manifest import Manifest, manifest_register

from . import variables, whatif
from .instrument import InvestorVisa

MANIFEST = manifest_register(Manifest(
    instrument=InvestorVisa(),
    variables=variables,
    parameters=Path(__file__).resolve().parent / "parameters",
    whatif_parameters=whatif.PARAMETERS,
    whatif_inputs=whatif.inputs,
))
