"""The synthetic nation (kosh synth): deterministic, calibrated, coherent across tables."""

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from kosh.identity.identifiers import bin_is_valid, iin_parse
from kosh.synth.nation.build import TABLES, TRUTH, nation_generate
from kosh.synth.nation.calibration import calibration_checks

SCALE = 0.002  # 40,000 residents: every table, small enough for a test


@pytest.fixture(scope="module")
def nation(tmp_path_factory):
    out = tmp_path_factory.mktemp("nation") / "synth"
    nation_generate(out, scale=SCALE, seed=7, chunk=15_000, progress=False)
    return out


def sql(nation, query: str) -> list[tuple]:
    for name in (*TABLES, *TRUTH):
        query = query.replace(f"{{{name}}}", f"read_parquet('{nation / name}.parquet')")
    return duckdb.connect().execute(query).fetchall()


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    def manifest(seed: int, name: str) -> dict:
        return nation_generate(tmp_path / name, scale=0.0005, seed=seed, chunk=4_000,
                               progress=False)["tables"]

    a, b, c = manifest(3, "a"), manifest(3, "b"), manifest(4, "c")
    assert {k: v["sha256"] for k, v in a.items()} == {k: v["sha256"] for k, v in b.items()}
    assert (tmp_path / "a/persons.parquet").read_bytes() == \
        (tmp_path / "b/persons.parquet").read_bytes()
    assert (tmp_path / "a/manifest.json").read_bytes() == \
        (tmp_path / "b/manifest.json").read_bytes()
    assert a["persons"]["sha256"] != c["persons"]["sha256"]
    assert a["registration_events"]["sha256"] != c["registration_events"]["sha256"]


def test_manifest_lists_every_table_with_rows_and_checksums(nation):
    manifest = json.loads((nation / "manifest.json").read_text())
    assert set(manifest["tables"]) == set(TABLES) | set(TRUTH)
    assert (manifest["seed"], manifest["scale"]) == (7, SCALE)
    for name, entry in manifest["tables"].items():
        assert pq.ParquetFile(nation / entry["file"]).metadata.num_rows == entry["rows"], name
        assert len(entry["sha256"]) == 64
    assert (nation / "truth" / "same_person.parquet").is_file()


def test_calibration_within_tolerance(nation):
    checks = calibration_checks(nation)
    assert len(checks) >= 25
    off = [(c.name, c.target, c.observed, c.tolerance) for c in checks if not c.ok]
    assert not off


def test_persons_have_unique_valid_iins_over_all_chunks(nation):
    persons = pq.read_table(nation / "persons.parquet",
                            columns=["id", "iin", "birth_date", "sex", "segment"])
    assert persons.column("id").to_pylist() == list(range(1, persons.num_rows + 1))
    with_iin = persons.filter(pc.is_valid(persons.column("iin")))
    assert len(pc.unique(with_iin.column("iin"))) == with_iin.num_rows
    for row in with_iin.take(np.arange(0, with_iin.num_rows, 97)).to_pylist():
        info = iin_parse(row["iin"])
        assert (info.birth_date, info.sex) == (row["birth_date"], row["sex"])
        assert int(row["iin"][7:11]) >= 1000  # serials below are left to the services
    segments = set(pc.unique(pc.cast(persons.column("segment"), "string")).to_pylist())
    assert segments == {"resident", "kandas", "resettler", "stateless", "household_worker",
                        "work_permit", "refugee", "asylum_seeker", "visitor"}


def test_every_movers_last_event_ends_where_the_person_lives(nation):
    (movers, agree), = sql(nation, """
        WITH last AS (SELECT person_id, arg_max(to_district, date) AS d
                      FROM {registration_events} GROUP BY 1)
        SELECT count(*), sum((last.d = p.district)::int)
        FROM last JOIN {persons} p ON p.id = last.person_id""")
    assert movers > 1000 and agree == movers
    (chained, linked), = sql(nation, """
        SELECT count(*), sum((prev = from_district)::int) FROM (
            SELECT from_district, lag(to_district) OVER (PARTITION BY person_id
                                                         ORDER BY date, event_id) AS prev
            FROM {registration_events}) WHERE prev IS NOT NULL""")
    assert chained == linked
    (cross_region,), = sql(nation, "SELECT count(*) FROM {registration_events} "
                                   "WHERE from_district = to_district")
    assert cross_region == 0


def test_rural_to_urban_and_into_the_three_cities(nation):
    (rural_to_urban, urban_to_rural), = sql(nation, """
        SELECT sum((NOT f.urban AND t.urban)::int), sum((f.urban AND NOT t.urban)::int)
        FROM {registration_events} e
        JOIN (SELECT DISTINCT district, urban FROM {persons} WHERE district IS NOT NULL) f
          ON f.district = e.from_district
        JOIN (SELECT DISTINCT district, urban FROM {persons} WHERE district IS NOT NULL) t
          ON t.district = e.to_district""")
    assert rural_to_urban > 1.5 * urban_to_rural
    top = sql(nation, "SELECT to_region FROM {registration_events} WHERE interregional "
                      "GROUP BY 1 ORDER BY count(*) DESC LIMIT 2")
    assert {r for (r,) in top} == {"710000000", "750000000"}


def test_kandas_families_share_a_surname_and_quota_regions(nation):
    rows = sql(nation, """
        SELECT k.family_id, k.role, p.surname, p.sex FROM {kandas} k
        JOIN {persons} p ON p.id = k.person_id
        WHERE k.cohort = '2019-2025' AND k.role IN ('head', 'child') ORDER BY 1""")
    families: dict[int, list] = {}
    for family, role, surname, sex in rows:
        families.setdefault(family, []).append((role, surname[:4], sex))
    same = [len({s for _, s, _ in m}) == 1 for m in families.values() if len(m) > 1]
    assert np.mean(same) > 0.95
    (outside,), = sql(nation, """
        SELECT count(*) FROM {kandas} WHERE in_quota AND region NOT IN
        ('100000000', '110000000', '230000000', '270000000', '390000000', '550000000',
         '590000000', '630000000')""")
    assert outside == 0


def test_employers_have_valid_unique_bins_and_permits_respect_the_quota(nation):
    bins = [b for (b,) in sql(nation, "SELECT bin FROM {employers}")]
    assert len(set(bins)) == len(bins) and all(bin_is_valid(b) for b in bins)
    over = sql(nation, """
        SELECT quota_year, count(*) FROM {work_permits} WHERE in_quota GROUP BY 1""")
    from kosh.synth.nation.targets import WORK_PERMIT_QUOTA

    assert all(n <= WORK_PERMIT_QUOTA[y] * SCALE + 5 for y, n in over)
    (bad,), = sql(nation, "SELECT count(*) FROM {household_permits} WHERE months > 12 "
                          "OR valid_until < issued_on")
    assert bad == 0
    (paid, months), = sql(nation, "SELECT (SELECT count(*) FROM {household_payments}), "
                                  "(SELECT sum(months) FROM {household_permits})")
    assert paid == months


def test_documents_are_unique_and_truth_links_point_to_persons(nation):
    (dupes,), = sql(nation, "SELECT count(*) - count(DISTINCT (kind, issuing_country, "
                            "number)) FROM {person_documents}")
    assert dupes == 0
    (records, linked, dangling), = sql(nation, """
        SELECT count(*), count(t.person_id), count(t.person_id) - count(p.id)
        FROM {truth/same_person} t LEFT JOIN {persons} p ON p.id = t.person_id""")
    assert linked > 0.85 * records and dangling == 0
    (errors,), = sql(nation, "SELECT count(*) FROM {truth/same_person} WHERE errors <> ''")
    assert errors > 0.7 * records


def test_crossings_alternate_and_stays_of_visitors_are_mostly_short(nation):
    (entries, exits), = sql(nation, "SELECT count(*) FILTER (WHERE direction = 'entry'), "
                                    "count(*) FILTER (WHERE direction = 'exit') "
                                    "FROM {border_crossings}")
    assert entries > 0 and 0.8 < exits / entries <= 1.05
    (long_share,), = sql(nation, """
        SELECT avg((stay > 90)::int) FROM (
            SELECT date_diff('day', "at", lead("at") OVER (PARTITION BY person_id
                                                           ORDER BY "at")) AS stay,
                   direction FROM {border_crossings})
        WHERE direction = 'entry' AND stay IS NOT NULL""")
    assert long_share < 0.2


COMMITTED = Path(__file__).parent / "data" / "nation-0.002-seed7.json"
# numpy sorts, partitions and computes exp/log with AVX-512 code where the CPU has it;
# disabling those paths shows on one machine what a CPU without them would produce
NO_AVX512 = "X86_V4 AVX512_ICL AVX512_SPR"


def test_nation_is_the_committed_one(nation):
    """Any machine (with or without AVX-512, any core count) writes the same files for
    the same seed and scale; a difference here means the nation is no longer reproducible
    (or pyarrow, which writes the files, changed: then regenerate the committed manifest)."""
    got = json.loads((nation / "manifest.json").read_text(encoding="utf-8"))["tables"]
    assert {k: {"rows": v["rows"], "sha256": v["sha256"]} for k, v in got.items()} == \
        json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_same_nation_without_the_cpus_vector_extensions(tmp_path):
    code = ("import sys; from pathlib import Path; "
            "from kosh.synth.nation.build import nation_generate; "
            "nation_generate(Path(sys.argv[1]), scale=0.0005, seed=7, chunk=4_000, "
            "progress=False)")
    for name, env in (("plain", {}), ("no-avx512", {"NPY_DISABLE_CPU_FEATURES": NO_AVX512})):
        subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], check=True,
                       env={**os.environ, **env})
    assert (tmp_path / "plain/manifest.json").read_bytes() == \
        (tmp_path / "no-avx512/manifest.json").read_bytes()
