"""The rule package of protection: its dated parameters only (``parameters/``), read with
``kosh.rules.system.parameter_value("protection.…", day)``; no OpenFisca variables."""
