"""Ratings: shortage indicators per ISCO-08 unit group, region and year (Ibis pipelines on
Parquet snapshots, DuckDB by default), the three ratings (key competences, demanded
professions, valuable skills), their explanation, the rating-driven foreign-labour quota
proposal and the back-test — see docs/ratings.md."""
