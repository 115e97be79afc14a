"""Kandas and internal resettlers: the one window at missions, the kandas status, state
support in the settlement regions and the economic mobility certificate, each drawing on
the regional quota ledger (docs/settlement.md)."""
