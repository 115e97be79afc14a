"""Neo Nomad Visa (B12-1): remote workers with a steady income from abroad."""

from pathlib import Path

from kosh.instruments.manifest import Manifest, manifest_register

from . import variables
from .instrument import NeoNomad, income_months

MANIFEST = manifest_register(Manifest(
    instrument=NeoNomad(),
    variables=variables,
    parameters=Path(__file__).resolve().parent / "parameters",
    whatif_parameters={
        "neo_nomad.min_monthly_income_usd": (0, 1e9),
        "neo_nomad.income_months": (1, 12),
        "neo_nomad.income_threshold_inclusive": (0, 1),
        "neo_nomad.local_work_allowed": (0, 1),
    },
))

__all__ = ["MANIFEST", "income_months"]
