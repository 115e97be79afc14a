"""Ata Zholy card for ethnic Kazakhs who are citizens of other states."""

from pathlib import Path

from kosh.instruments.manifest import Manifest, manifest_register

from . import variables
from .instrument import AtaZholy

MANIFEST = manifest_register(Manifest(
    instrument=AtaZholy(),
    variables=variables,
    parameters=Path(__file__).resolve().parent / "parameters",
    whatif_parameters={},
))
