"""Kosh's rules as code: an OpenFisca tax-benefit system of migration instruments.

Public facade:

* :func:`kosh.rules.system.rules_system` — the baseline system (cached, built from the
  shared rules and every instrument registered with
  :func:`kosh.rules.system.rules_register`), with
  :func:`kosh.rules.system.rule_version`;
* :func:`kosh.rules.decision.rules_evaluate` — one applicant, one instrument, one day:
  per-criterion results, outputs (validity, processing days), the rule version and the
  computation trace;
* :class:`kosh.rules.reforms.ParameterChange` / :func:`kosh.rules.reforms.reform_build`
  — a what-if change of a parameter from a date, without touching the live rules;
* :func:`kosh.rules.whatif.whatif_run` — baseline vs reform over a synthetic population.

Thresholds live only in dated YAML parameters (with references): the shared ones in
``parameters/``, an instrument's in its folder (``kosh/instruments/<code>/parameters/``);
formulas in variables modules (``variables/common.py`` and each instrument's
``variables.py``). This package imports no instrument: instruments register with it.
Explanations in words are the app layer's (``kosh.instruments``)."""
