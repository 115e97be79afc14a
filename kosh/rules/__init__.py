"""Kosh's rules as code: an OpenFisca tax-benefit system of migration instruments.

Public facade:

* :func:`kosh.rules.system.rules_system` — the baseline system (cached), with
  :data:`kosh.rules.system.RULE_VERSION`;
* :func:`kosh.rules.decision.rules_evaluate` — one applicant, one instrument, one day:
  per-criterion results, outputs (validity, processing days), the rule version and the
  computation trace;
* :class:`kosh.rules.reforms.ParameterChange` / :func:`kosh.rules.reforms.reform_build`
  — a what-if change of a parameter from a date, without touching the live rules;
* :func:`kosh.rules.whatif.whatif_run` — baseline vs reform over a synthetic population.

Thresholds live only in ``parameters/`` (YAML with dates and references); formulas in
``variables/``; explanations in words are the app layer's (``kosh.instruments``)."""
