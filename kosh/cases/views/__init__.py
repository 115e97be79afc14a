"""Portal (applicants), console (officers) and what-if (analysts) pages of the cases."""
