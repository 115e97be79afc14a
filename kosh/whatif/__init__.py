"""What-if of a rule change: a synthetic population of applicants (``applicants``), the
engine that runs the baseline and a reform over it (``engine``), what each instrument
offers (``instruments``), runs in the background with their progress (``runs``), numbers
typed in kk/ru/en (``numbers``), labels and exports, the analysts' page (``/whatif/``)
and the API (``/api/whatif``). The rules layer (``kosh.rules``) knows nothing of it."""
