"""Synthetic data: name pools and the demo dataset (the full synthetic nation builds on it)."""
