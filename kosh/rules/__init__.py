"""Kosh's rules as code: an OpenFisca tax-benefit system of migration instruments.

Public facade:

* :func:`kosh.rules.system.rules_system` — the baseline system (cached), with
  :data:`kosh.rules.system.RULE_VERSION`;
* :func:`kosh.rules.decision.rules_evaluate` — one applicant, one instrument, one day:
  per-criterion results, outputs (validity, processing days), the rule version and the
  computation trace;
* :class:`kosh.rules.reforms.ParameterChange` / :func:`kosh.rules.reforms.reform_build`
  — a change of parameters from a date, without touching the live rules (the what-if,
  ``kosh.whatif``, runs baseline and reform over plain arrays of its own population).

Thresholds live only in ``parameters/`` (YAML with dates and references); formulas in
``variables/``; explanations in words are the app layer's (``kosh.instruments``)."""
