"""The synthetic nation: a calibrated, deterministic Kazakhstan at any scale
(docs/synthetic-data.md).

``build.nation_generate`` writes it as Parquet (``kosh synth``), ``calibration`` compares
it with its targets (``kosh synth check``), ``load.nation_load`` puts it into the registry
(``kosh synth load``). One module per table family: ``people`` (persons), ``documents``,
``records`` (linkage records and their truth), ``moves`` (registration events),
``kandas``, ``resettlers``, ``outcomes``, ``labour`` (employers, work permits),
``household`` (household-worker permits, border crossings), ``external`` (external
migration, citizens abroad, refugees), ``market`` (labour market, housing),
``instruments`` (applicants for the new instruments)."""
