"""``kosh synth load``: the nation's 2019–2025 kandas and resettler families into the
settlement registers, with their status, relocation subsidy and housing prices."""

import pytest

from kosh.settlement.models import Family, HousingPrice, KandasStatus, Member, Support
from kosh.synth.nation.build import nation_generate
from kosh.synth.nation.load import nation_load

MCI = {2023: 3450, 2024: 3692, 2025: 3932}


@pytest.fixture(scope="module")
def nation(tmp_path_factory):
    out = tmp_path_factory.mktemp("nation") / "synth"
    nation_generate(out, scale=0.0005, seed=11, progress=False)
    return out


def test_families_statuses_and_support_are_loaded(db, nation):
    rows = nation_load(nation, tables=["kandas", "resettlers"]).rows
    kandas = Family.objects.filter(programme="kandas")
    assert kandas.exists() and Family.objects.filter(programme="resettlers").exists()
    assert rows["settlement_member"] == Member.objects.filter(
        family__idempotency_key__startswith="synth:").count()
    assert KandasStatus.objects.filter(family__in=kandas).count() == kandas.count()
    assert all(f.members.filter(relation="head").count() == 1 for f in kandas[:50])
    for support in Support.objects.select_related("family")[:50]:
        year = support.granted_on.year
        assert year >= 2023 and support.mci == MCI[year]
        assert support.total_kzt == support.family.members.count() * 70 * MCI[year]
        assert support.payments.get().status == "paid"
    assert HousingPrice.objects.count() == rows["settlement_housingprice"]
    assert not Family.objects.filter(programme="kandas", applied_on__year__lt=2019).exists()
