"""Compulsory repatriation insurance for stays over 90 days (proposed by the Concept, not
enacted)."""

from pathlib import Path

from kosh.instruments.manifest import Manifest, manifest_register

from . import variables
from .instrument import RepatriationInsurance

MANIFEST = manifest_register(Manifest(
    instrument=RepatriationInsurance(),
    variables=variables,
    parameters=Path(__file__).resolve().parent / "parameters",
    whatif_parameters={
        "repatriation_insurance.stay_days_without_insurance": (1, 3650),
    },
))
