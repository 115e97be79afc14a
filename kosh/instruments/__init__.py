"""The concept's instruments, one folder each (``kosh/instruments/<code>/``): its form and
schema, its criteria in words, its OpenFisca variables, its dated parameters, its document
and its what-if parameters, tied together by a manifest (``manifest.py``). The app imports
every instrument folder when Django is ready; each registers itself with the rules system
and the case engine."""
