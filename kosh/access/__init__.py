"""Roles, the scoping policy (one place) and the append-only audit log."""
