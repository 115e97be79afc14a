"""OpenFisca variables shared by the instruments (``common``). Each instrument's own
variables live in its folder (``kosh/instruments/<code>/variables.py``) and are registered
with :func:`kosh.rules.system.rules_register`.

An instrument's variables module defines its input variables, one boolean variable per
criterion (named ``<instrument>_<criterion>``), an ``<instrument>_eligible`` variable that
is true when every criterion is, outputs (validity, processing days) and ``RULES``, which
lists them for the decision function."""
