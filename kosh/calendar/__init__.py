"""Kazakhstan's working-day calendar as dated data (``days_off.yaml``): the fixed holidays
of the Law "On holidays" with the years they apply, the first day of Kurban ait by year,
and the days off moved by government decree or labour-ministry order, each with its
source. :mod:`kosh.calendar.workdays` answers from it; every deadline counted in working
days (``kosh.cases.deadlines``) uses it."""
