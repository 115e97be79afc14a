"""The case engine: applications for any instrument, their workflow, documents, decisions
and issued documents. Instruments plug in through :mod:`kosh.cases.registry`."""
