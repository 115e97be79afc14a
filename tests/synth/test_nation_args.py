"""Bad arguments to ``kosh synth`` fail clearly and leave nothing half-written."""

import pytest
from typer.testing import CliRunner

from kosh.cli import app
from kosh.synth.nation import build
from kosh.synth.nation.build import nation_generate
from kosh.synth.nation.output import NationError


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("scale", [0, -1, -0.5, 2.5])
def test_a_scale_out_of_range_is_refused_before_anything_is_written(tmp_path, scale):
    with pytest.raises(NationError, match="--scale"):
        nation_generate(tmp_path / "synth", scale=scale, seed=7, progress=False)
    assert leftovers(tmp_path) == []


def test_a_non_empty_out_needs_force_and_is_left_as_it_was(tmp_path):
    out = tmp_path / "synth"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    with pytest.raises(NationError, match="not empty; pass --force"):
        nation_generate(out, scale=0.0005, seed=7, progress=False)
    assert leftovers(out) == ["mine.txt"] and leftovers(tmp_path) == ["synth"]
    nation_generate(out, scale=0.0005, seed=7, force=True, progress=False)
    assert "mine.txt" not in leftovers(out) and "manifest.json" in leftovers(out)
    assert leftovers(tmp_path) == ["synth"]


def test_an_out_that_cannot_be_created_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(NationError, match="cannot create"):
        nation_generate(blocker / "synth", scale=0.0005, seed=7, progress=False)
    with pytest.raises(NationError, match="is a file"):
        nation_generate(blocker, scale=0.0005, seed=7, progress=False)
    assert leftovers(tmp_path) == ["file"]


def test_a_failure_half_way_removes_the_temporary_folder(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build, "applicants_write", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        nation_generate(tmp_path / "synth", scale=0.0005, seed=7, progress=False)
    assert leftovers(tmp_path) == []


def test_cli_reports_bad_arguments_with_exit_code_2(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["synth", "--scale", "-1", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "--scale must be greater than 0" in result.output
    result = runner.invoke(app, ["synth", "load", "--dir", str(tmp_path), "--tables", "nope"])
    assert result.exit_code == 2
    assert "no generated nation" in result.output
    assert leftovers(tmp_path) == []


def test_cli_generates_and_prints_the_tables(tmp_path):
    result = CliRunner().invoke(app, ["synth", "--scale", "0.0005", "--seed", "7", "--out",
                                      str(tmp_path / "synth"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "persons" in result.output and "registration_events" in result.output
    check = CliRunner().invoke(app, ["synth", "check", "--dir", str(tmp_path / "synth")])
    assert "inter-regional arrivals to north and east, 2021" in check.output
