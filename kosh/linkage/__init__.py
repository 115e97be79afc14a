"""Record linkage: one person, one record (issue 19).

Source records (migration cards, employers' reports, akimat registers, clinics, schools…)
are linked to the registry of persons with a Fellegi–Sunter model trained by Splink 5;
see docs/linkage.md.
"""
