"""Investor visa (A6): a one-time investment in the economy of Kazakhstan."""

from pathlib import Path

from kosh.instruments.manifest import Manifest, manifest_register

from . import variables
from .instrument import InvestorVisa

MANIFEST = manifest_register(Manifest(
    instrument=InvestorVisa(),
    variables=variables,
    parameters=Path(__file__).resolve().parent / "parameters",
    whatif_parameters={
        "investor_visa.min_investment_usd": (0, 1e12),
        "investor_visa.investment_threshold_inclusive": (0, 1),
        "investor_visa.investment_max_age_months": (0, 600),
    },
))
