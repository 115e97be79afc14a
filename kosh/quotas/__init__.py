"""Quotas: the yearly quota sets (foreign labour, household workers, kandas, resettlers),
their versions and approval, and the ledger every permit, status or certificate draws from."""
