"""Portal (applicants) and console (officers) pages of the cases."""
