"""The concept's instruments, one small module each: its form (Django form + pydantic
schema), its rules (the OpenFisca variables of ``kosh.rules.variables.<module>``, put in
words here) and its document. Each module registers itself with the case engine
(``kosh.cases.registry``) when the app is ready."""
