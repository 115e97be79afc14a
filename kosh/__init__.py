"""Kosh — the migration information system of the Republic of Kazakhstan."""
