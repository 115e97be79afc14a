"""``kosh synth load`` fills the labour registers: the nation's work permits, household
permits and their monthly tax, with each household permit's status as of the day of the
load agreeing with the services' rule, and the Ind 6 coverage computed from them."""

from datetime import date

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import time_machine

from kosh.access.policy import system_actor
from kosh.labour.models import HouseholdCoverage, HouseholdPayment, HouseholdPermit, WorkPermit
from kosh.labour.services import household_covered_until, household_permits_update
from kosh.synth.nation.build import nation_generate
from kosh.synth.nation.load import nation_load

pytestmark = pytest.mark.django_db
DAY = date(2025, 6, 30)


@pytest.fixture(scope="module")
def nation(tmp_path_factory):
    out = tmp_path_factory.mktemp("nation") / "synth"
    nation_generate(out, scale=0.0005, seed=7, progress=False)
    return out


def test_the_nation_loads_into_the_labour_registers(nation):
    with time_machine.travel("2025-06-30 12:00:00+05:00", tick=False):
        loaded = nation_load(nation, tables=["work_permits", "household_permits"]).rows
    work = pq.read_table(nation / "work_permits.parquet")
    household = pq.read_table(nation / "household_permits.parquet")
    assert loaded["labour_workpermit"] == WorkPermit.objects.count() == work.num_rows
    assert loaded["labour_householdpermit"] == household.num_rows
    assert loaded["labour_householdpayment"] == HouseholdPayment.objects.count() > 0
    permit = WorkPermit.objects.select_related("person").order_by("pk").first()
    assert permit.status == "granted" and permit.worker_name == permit.person.display_name
    assert permit.category in {"1", "2", "3", "4", "seasonal", "ict"}
    assert WorkPermit.objects.filter(category="ict").count() == pc.sum(
        pc.equal(pc.cast(work.column("category"), "string"), "ict")).as_py()
    # every status as of the day of the load agrees with the services' own rule
    for p in HouseholdPermit.objects.prefetch_related("payments"):
        covered = household_covered_until(p)
        expected = ("expired" if p.valid_until < DAY else "active" if p.issued_on > DAY
                    or (covered is not None and covered >= DAY) else "lapsed")
        assert p.status == expected, (p.pk, p.issued_on, p.valid_until, covered)
        assert all(1 <= m.month <= p.months for m in p.payments.all())
    assert HouseholdPermit.objects.filter(status="active").exists()
    # Ind 6 from the loaded permits and payments
    household_permits_update(actor=system_actor(), on=DAY)
    national = HouseholdCoverage.objects.get(day=DAY, region="")
    in_term = HouseholdPermit.objects.filter(issued_on__lte=DAY, valid_until__gte=DAY).count()
    assert national.permits == in_term > 0
    assert 0 < national.paid <= national.permits and national.monitored <= national.paid


def test_a_slice_loads_only_permits_whose_household_is_loaded(nation):
    nation_load(nation, limit=2000, tables=["work_permits", "household_permits"])
    loaded = set(HouseholdPermit.objects.values_list("household_id", flat=True))
    assert loaded and all(h is not None for h in loaded)
