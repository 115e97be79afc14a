"""Administrative geography: regions, districts and settlements by KATO, countries, boundaries."""
