"""The rule package of emigrants: its dated parameters only (``parameters/``), read with
``kosh.rules.system.parameter_value("emigrants.…", day)``; no OpenFisca variables."""
