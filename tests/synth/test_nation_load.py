"""``kosh synth load``: a slice of the nation into the test database (reference data and
the small demo already there), findable by person search, all or nothing, once."""

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from kosh.access.models import AuditEvent
from kosh.access.policy import Actor
from kosh.access.roles import Role
from kosh.identity.models import (
    Address,
    BorderCrossing,
    Employment,
    IdentityDocument,
    Person,
    PersonCategory,
)
from kosh.identity.search import person_search
from kosh.synth.nation import load as loader
from kosh.synth.nation.build import nation_generate
from kosh.synth.nation.load import WORK, LoadError, load_resumed, load_work, nation_load

LIMIT = 1500


@pytest.fixture(scope="module")
def nation(tmp_path_factory):
    out = tmp_path_factory.mktemp("nation") / "synth"
    nation_generate(out, scale=0.0005, seed=11, progress=False)
    return out


@pytest.fixture
def officer() -> Actor:
    return Actor(user=None, role=Role.MIGRATION_OFFICER, channel="console")


def test_a_slice_is_loaded_and_its_persons_are_found(db, nation, officer):
    before = Person.objects.count()
    offset = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    counts = nation_load(nation, limit=LIMIT).rows
    loaded = Person.objects.count() - before
    assert abs(loaded - LIMIT) <= 10  # each kind of person rounded to whole persons
    assert counts["identity_person"] == loaded
    assert counts["identity_personname"] == 2 * loaded
    for model in (Address, IdentityDocument, PersonCategory, BorderCrossing, Employment):
        assert model.objects.exists(), model

    persons = pq.read_table(nation / "persons.parquet").slice(0, 400)
    for i in (3, 77, 250):
        row = persons.slice(i, 1).to_pylist()[0]
        wanted = row["id"] + offset
        cyrillic = f"{row['surname']} {row['given_name']} {row['patronymic']}"
        assert wanted in [p.pk for p in person_search(actor=officer, query=cyrillic)]
        latin = f"{row['surname_latin']} {row['given_name_latin']}"
        assert wanted in [p.pk for p in person_search(actor=officer, query=latin)]
        assert [p.pk for p in person_search(actor=officer, query=row["iin"])] == [wanted]
    assert Person.objects.get(pk=offset + 4).addresses.filter(valid_to=None).exists()


def test_loading_twice_is_refused_and_replace_loads_again(db, nation):
    nation_load(nation, limit=300, tables=["persons"])
    count = Person.objects.count()
    with pytest.raises(LoadError, match="already loaded"):
        nation_load(nation, limit=300, tables=["persons"])
    assert Person.objects.count() == count
    nation_load(nation, limit=500, tables=["persons", "border_crossings"], replace=True)
    assert abs(Person.objects.count() - (count + 200)) <= 10


def test_a_bad_argument_writes_nothing(db, nation, tmp_path):
    count = Person.objects.count()
    with pytest.raises(LoadError, match="unknown table"):
        nation_load(nation, tables=["persons", "no_such_table"])
    with pytest.raises(LoadError, match="positive"):
        nation_load(nation, limit=-5)
    with pytest.raises(LoadError, match="no generated nation"):
        nation_load(tmp_path)
    assert Person.objects.count() == count


def test_the_slice_keeps_every_kind_of_person(nation):
    from kosh.synth.nation.load import _slice

    ids = _slice(nation, 2000)
    persons = pq.read_table(nation / "persons.parquet", columns=["id", "segment"])
    chosen = persons.filter(pc.is_in(persons.column("id"), value_set=pa.array(ids)))
    assert len(pc.unique(chosen.column("segment"))) == len(pc.unique(persons.column(
        "segment")))


def test_vacuum_waits_for_the_commit(db):
    """Inside a transaction (nothing committed to vacuum, and VACUUM could not run) the
    vacuum after a load does nothing; the benchmark checks the visibility map it sets."""
    from kosh.synth.nation.registry import tables_vacuum

    assert tables_vacuum(["identity_person", "identity_nameindex"]) == {}
    assert Person.objects.exists()


def test_progress_counts_the_work_the_time_left_is_estimated_from(db, nation):
    chosen = ["persons", "border_crossings"]
    done: dict[str, int] = {}
    nation_load(nation, limit=300, tables=chosen,
                advance=lambda step, n: done.__setitem__(step, done.get(step, 0) + n))
    work = load_work(nation, tables=chosen, limit=300)
    assert work > 300
    assert abs(done[WORK] - work) <= 0.05 * work  # the slice rounds each kind of person


def _nation_rows() -> dict[str, int]:
    """Rows per registry table of the nation loaded last (its import event)."""
    event = AuditEvent.objects.filter(object_type=loader.OBJECT).order_by("-id").first()
    return event.after["rows"]


def test_an_interrupted_load_resumes_and_duplicates_nothing(db, nation, monkeypatch):
    """Interrupted while the table after the documents is being written (its rows are in
    the database when it fails): that table rolls back, the tables before stay; the rerun
    checks and skips them, loads the rest, and the registry holds what one
    uninterrupted load writes."""
    chosen = ["persons", "person_documents", "kandas", "border_crossings"]
    persons, documents = Person.objects.count(), IdentityDocument.objects.count()
    categories, crossings = PersonCategory.objects.count(), BorderCrossing.objects.count()
    record = loader._record

    def power_cut(step: str, after: dict) -> None:
        if step == "kandas":
            assert PersonCategory.objects.count() > categories  # written, not committed
            raise RuntimeError("power cut")
        record(step, after)

    monkeypatch.setattr(loader, "_record", power_cut)
    with pytest.raises(RuntimeError, match="power cut"):
        nation_load(nation, limit=LIMIT, tables=chosen, rebuild_indexes=True)
    monkeypatch.undo()
    assert PersonCategory.objects.count() == categories
    assert BorderCrossing.objects.count() == crossings
    loaded_persons = Person.objects.count() - persons
    loaded_documents = IdentityDocument.objects.count() - documents
    assert loaded_persons > 0 and loaded_documents > 0
    assert load_resumed(nation, tables=chosen, limit=LIMIT) == ["persons", "person_documents"]
    assert load_work(nation, tables=chosen, limit=LIMIT, skip=["persons", "person_documents"]
                     ) < load_work(nation, tables=chosen, limit=LIMIT)

    resumed = nation_load(nation, limit=LIMIT, tables=chosen, rebuild_indexes=True)
    assert set(resumed.skipped) == {"persons", "person_documents"}
    assert "identity_person" not in resumed.rows
    assert "identity_identitydocument" not in resumed.rows
    assert Person.objects.count() - persons == loaded_persons
    assert IdentityDocument.objects.count() - documents == loaded_documents
    assert PersonCategory.objects.filter(category="kandas").exists()
    assert BorderCrossing.objects.count() > crossings
    assert load_resumed(nation, tables=chosen, limit=LIMIT) == []
    in_two_runs = _nation_rows()
    in_two_runs.pop("identity_namekey")  # the vocabulary stays when a nation is removed

    nation_load(nation, limit=LIMIT, tables=chosen, replace=True, rebuild_indexes=True)
    assert _nation_rows() == in_two_runs  # the same rows as one uninterrupted load
    assert Person.objects.count() - persons == loaded_persons
    assert BorderCrossing.objects.count() - crossings == in_two_runs["identity_bordercrossing"]


def test_a_resumed_load_checks_the_tables_loaded_before(db, nation, monkeypatch):
    chosen = ["persons", "border_crossings"]
    record = loader._record

    def stop(step: str, after: dict) -> None:
        if step == "border_crossings":
            raise KeyboardInterrupt
        record(step, after)

    monkeypatch.setattr(loader, "_record", stop)
    with pytest.raises(KeyboardInterrupt):
        nation_load(nation, limit=300, tables=chosen)
    monkeypatch.undo()
    count = Person.objects.count()
    with pytest.raises(LoadError, match="interrupted load"):  # another slice
        nation_load(nation, limit=400, tables=chosen)
    Person.objects.filter(pk=Person.objects.order_by("-pk").first().pk).delete()
    with pytest.raises(LoadError, match="before the interruption"):
        nation_load(nation, limit=300, tables=chosen)
    nation_load(nation, limit=300, tables=chosen, replace=True)  # removed, loaded again
    assert Person.objects.count() == count
