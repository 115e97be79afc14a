"""The ratings on a hand-computed example (3 occupations × 2 regions × 3 years), the
weights and indicators applied as documented, bad inputs, the stored run and the
back-test on a small synthetic nation."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import time_machine

from kosh.access.models import AuditEvent
from kosh.access.policy import Actor, Role
from kosh.errors import DomainError
from kosh.ratings.backtest import backtest
from kosh.ratings.cycle import cycle_compute, explanation
from kosh.ratings.demanded import list_compared
from kosh.ratings.models import RatingRun
from kosh.ratings.services import rating_run_create
from kosh.ratings.snapshot import snapshot_open
from kosh.ratings.weights import WEIGHTS_FILE, weights_for

DAY = date(2026, 11, 30)
R1, R2 = "710000000", "750000000"
# (unit group, year) → per region (vacancies, job seekers, wage); one month a year.
EXAMPLE = {
    ("2512", 2022): (5, 5, 100), ("2512", 2023): (5, 5, 100), ("2512", 2024): (15, 5, 121),
    ("2212", 2022): (5, 10, 100), ("2212", 2023): (5, 5, 100), ("2212", 2024): (5, 10, 100),
    ("7212", 2022): (10, 5, 100), ("7212", 2023): (5, 5, 100), ("7212", 2024): (5, 10, 144),
}


def _snapshot(directory: Path) -> Path:
    rows = [(date(year, 1, 1), region, unit, v, s, w)
            for (unit, year), (v, s, w) in EXAMPLE.items() for region in (R1, R2)]
    month, region, unit, vac, seek, wage = zip(*rows, strict=True)
    pq.write_table(pa.table({
        "month": pa.array(month, pa.date32()), "region": list(region), "isco08": list(unit),
        "vacancies": pa.array(vac, pa.int32()), "job_seekers": pa.array(seek, pa.int32()),
        "wage_kzt": pa.array(wage, pa.int64())}), directory / "labour_market.parquet")
    # 10 in-quota permits for 7212 in 2024; out of quota or another year do not count
    permits = [(2024, True, R1, "7212")] * 10 + [(2024, False, R1, "2512"),
                                                   (2023, True, R2, "2212")]
    year, in_quota, region, unit = zip(*permits, strict=True)
    pq.write_table(pa.table({
        "quota_year": pa.array(year, pa.int16()), "in_quota": list(in_quota),
        "region": list(region), "isco08": list(unit)}), directory / "work_permits.parquet")
    return directory


@pytest.fixture
def example(tmp_path):
    return snapshot_open(_snapshot(tmp_path))


def _row(result, code):
    return next(r for r in result["rows"] if r["isco08"] == code)


def test_indicators_as_documented(example):
    result = cycle_compute(example, year=2025, weights=weights_for(DAY))
    a, b, c = (_row(result, code)["indicators"] for code in ("2512", "2212", "7212"))
    # raw values, computed by hand from EXAMPLE (national sums of both regions)
    assert a["vacancy_rate"][0] == pytest.approx(30 / 40)
    assert b["vacancies_per_seeker"][0] == pytest.approx(10 / 20)
    assert a["vacancy_duration"][0] == pytest.approx(1 / 3)  # only 2024: 30 > 10
    assert b["vacancy_duration"][0] == 0
    assert a["wage_growth"][0] == pytest.approx(0.1)  # (121/100)^(1/2) − 1
    assert c["wage_growth"][0] == pytest.approx(0.2)
    assert c["foreign_share"][0] == pytest.approx(10 / 20)
    assert a["foreign_share"][0] == 0
    assert a["forecast_demand"][0] == pytest.approx(4.0)  # 30 + (30−10)/2 = 40 ÷ 10
    assert c["forecast_demand"][0] == pytest.approx(0.25)  # 10 − 5 = 5 ÷ 20
    # percentile ranks (rank − 1)/(n − 1), ties share the lower rank
    assert [a["vacancy_rate"][1], b["vacancy_rate"][1], c["vacancy_rate"][1]] == [1, 0, 0]
    assert [a["vacancy_duration"][1], b["vacancy_duration"][1],
            c["vacancy_duration"][1]] == [0.5, 0, 0.5]
    assert [a["wage_growth"][1], b["wage_growth"][1], c["wage_growth"][1]] == [0.5, 0, 1]
    assert [a["forecast_demand"][1], b["forecast_demand"][1],
            c["forecast_demand"][1]] == [1, 0.5, 0]


def test_ranks_computed_by_hand(example):
    result = cycle_compute(example, year=2025, weights=weights_for(DAY))
    a, b, c = (_row(result, code) for code in ("2512", "2212", "7212"))
    # key competences: A .15+.2×.5+.25+.15×.5+.05+.1 = .725; B .1×.5 = .05;
    # C .2×.5+.15+.1 = .35
    assert a["scores"]["key_competences"] == pytest.approx(0.725)
    assert b["scores"]["key_competences"] == pytest.approx(0.05)
    assert c["scores"]["key_competences"] == pytest.approx(0.35)
    assert [a["ranks"]["key_competences"], c["ranks"]["key_competences"],
            b["ranks"]["key_competences"]] == [1, 2, 3]
    assert (a["priority"], b["priority"], c["priority"]) == (2, None, None)  # .725 ≥ .6
    # demanded professions rank majors 1–3 only: A .875, B .125, C (7212) unranked
    assert a["scores"]["demanded_professions"] == pytest.approx(0.875)
    assert (a["ranks"]["demanded_professions"], b["ranks"]["demanded_professions"],
            c["ranks"]["demanded_professions"]) == (1, 2, None)
    # valuable skills: A .6, C .575, B .075
    assert c["scores"]["valuable_skills"] == pytest.approx(0.575)
    assert [a["ranks"]["valuable_skills"], c["ranks"]["valuable_skills"],
            b["ranks"]["valuable_skills"]] == [1, 2, 3]
    shown = explanation(result, "7212", "key_competences")
    assert shown["total"] == pytest.approx(0.35)
    assert {line["indicator"]: line["contribution"] for line in shown["lines"]}[
        "wage_growth"] == pytest.approx(0.15)
    # per region (normalised within the region): the permits are all in R1, so in R2
    # 7212 loses the foreign-share weight 0.1
    assert c["regions"] == {R1: [2, 0.35], R2: [2, 0.25]}
    # quota: only 2512 is a priority occupation (in both regions, 15 vacancies each), so
    # the 2025 envelope (0.2 % of the labour force 7,400,000 = 14,800, the quota
    # baseline's parameters on 1 January 2025) goes to category 3, half to each region
    assert [(line["category"], line["region"], line["amount"])
            for line in result["proposal"]] == [("3", R1, 7400), ("3", R2, 7400)]
    # the baseline splits it by the 2025 category shares (order No. 559's 2025 split)
    assert [line["amount"] for line in result["baseline"]] == [645, 3237, 5688, 1155, 4075]
    assert sum(line["amount"] for line in result["baseline"]) == 14_800


def test_weights_file_applied(example, tmp_path):
    only = tmp_path / "w.yaml"
    ratings = "\n".join(f"      {r}: {{wage_growth: 1.0}}" for r in
                        ("key_competences", "demanded_professions", "valuable_skills"))
    only.write_text(f"values:\n  2026-01-01:\n    value:\n{ratings}\n")
    result = cycle_compute(example, year=2025, weights=weights_for(DAY, only))
    ranks = {r["isco08"]: r["ranks"]["key_competences"] for r in result["rows"]}
    assert ranks == {"7212": 1, "2512": 2, "2212": 3}  # by wage growth alone


@pytest.mark.parametrize("body, phrase", [
    ("key_competences: {wage_growth: 0.5}", "key_competences.*0.5000"),  # sums to 0.5
    ("key_competences: {wage_growth: 1.5, vacancy_rate: -0.5}", "key_competences"),
    ("key_competences: {salary: 1.0}", "key_competences: salary"),
])
def test_weights_refused(tmp_path, body, phrase):
    bad = tmp_path / "w.yaml"
    rest = "\n".join(f"      {r}: {{wage_growth: 1.0}}"
                     for r in ("demanded_professions", "valuable_skills"))
    bad.write_text(f"values:\n  2026-01-01:\n    value:\n      {body}\n{rest}\n")
    with pytest.raises(DomainError, match=phrase) as err:
        weights_for(DAY, bad)
    assert err.value.code == "weights_invalid"


def test_shipped_weights_sum_to_one():
    weights = weights_for(DAY, WEIGHTS_FILE)
    assert all(sum(w.values()) == pytest.approx(1) for w in weights.by_rating.values())
    with pytest.raises(DomainError):
        weights_for(date(2020, 1, 1))  # nothing in force yet


def test_bad_year_and_region(example):
    weights = weights_for(DAY)
    with pytest.raises(DomainError) as err:
        cycle_compute(example, year=2030, weights=weights)
    assert err.value.code == "year_without_data"
    with pytest.raises(DomainError) as err:
        cycle_compute(example, year=2025, weights=weights, region="999999999")
    assert err.value.code == "region_unknown"


@pytest.mark.django_db
def test_run_stored_and_bad_input_writes_nothing(tmp_path):
    directory = _snapshot(tmp_path)
    actor = Actor(user=None, role=Role.ANALYST, channel="cli")
    with time_machine.travel("2026-11-30 10:00Z", tick=False):
        for kwargs in ({"year": 2030}, {"year": 2025, "region": "123"},
                       {"year": 2025, "directory": tmp_path / "none"}):
            with pytest.raises(DomainError):
                rating_run_create(actor=actor, **{"directory": directory, **kwargs})
        assert not RatingRun.objects.exists()
        run = rating_run_create(actor=actor, year=2025, directory=directory)
    assert run.inputs == snapshot_open(directory).sha256
    assert run.weights_version.startswith("2026-11-30@")
    assert run.result["rows"][0]["isco08"] == "2512"
    assert AuditEvent.objects.filter(object_type="rating_run", object_id=str(run.pk)).count() == 1
    with time_machine.travel("2026-11-30 11:00Z", tick=False):
        again = rating_run_create(actor=actor, year=2025, directory=directory)
    assert again.result["rows"] == run.result["rows"]  # reproducible from what it stored
    assert again.result["proposal"] == run.result["proposal"]


def test_cli_refuses_bad_input_with_exit_2(tmp_path):
    directory = _snapshot(tmp_path)
    kosh = str(Path(sys.executable).with_name("kosh"))
    bad = tmp_path / "w.yaml"
    bad.write_text("values:\n  2026-01-01:\n    value: {key_competences: {wage_growth: 2}}\n")
    for args in (["2040"], ["2025", "--region", "1"], ["2025", "--weights", str(bad)]):
        done = subprocess.run([kosh, "ratings", "compute", *args, "--dir", str(directory)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, done.stderr
        assert "refused" in done.stderr


@pytest.fixture(scope="session")
def nation(tmp_path_factory):
    out = tmp_path_factory.mktemp("nation") / "synth"
    kosh = str(Path(sys.executable).with_name("kosh"))
    subprocess.run([kosh, "synth", "--scale", "0.001", "--seed", "7", "--out", str(out),
                    "--quiet"], check=True, capture_output=True)
    return snapshot_open(out)


def test_backtest_on_synthetic_nation(nation):
    weights = weights_for(DAY)
    scored = backtest(nation, year=2025, weights=weights)
    assert scored.occupations > 300
    assert 0 <= scored.precision_at_20 <= 1
    assert scored.spearman > 0.2  # the rating follows the generator's shortage
    observed = backtest(nation, year=2025, weights=weights, truth="observed")
    assert -1 <= observed.spearman <= 1
    result = cycle_compute(nation, year=2027, weights=weights)
    assert result["years"] == [2024, 2025] and result["missing"] == [2026]
    assert len(list_compared(result)) == 12
