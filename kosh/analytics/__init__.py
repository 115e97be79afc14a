"""Shared analytics plumbing: the Ibis backends every pipeline runs on."""
