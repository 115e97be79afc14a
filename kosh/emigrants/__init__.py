"""Citizens working abroad: their registration, the private employment agencies that place
them (licences), and complaints of rights violations handled by the ministry and the
mission of the country; see docs/emigrants.md."""
