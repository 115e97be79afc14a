"""``kosh synth load``: the nation's refugees and stateless residents arrive marked as
decided before Kosh — their certificates were issued before Kosh and no copy is held, so
no PDF is made up; the pages and the card say so, and the unit can act on them."""

import pytest
import time_machine
from django.utils import translation

from kosh.protection import selectors, services
from kosh.protection.models import AsylumApplication, ProtectionCertificate, StatelessRecord
from kosh.protection.statuses import AsylumStatus, StatelessStatus
from kosh.synth.nation.build import nation_generate
from kosh.synth.nation.load import nation_load


@pytest.fixture(scope="module")
def nation(tmp_path_factory):
    out = tmp_path_factory.mktemp("nation") / "synth"
    nation_generate(out, scale=0.0005, seed=11, progress=False)
    return out


def test_loaded_records_say_no_copy_is_held(db, nation, asylum_actor, client_as):
    demo = set(AsylumApplication.objects.values_list("pk", flat=True))
    demo_stateless = set(StatelessRecord.objects.values_list("pk", flat=True))
    certificates = ProtectionCertificate.objects.count()
    rows = nation_load(nation, tables=["refugees"]).rows
    loaded = AsylumApplication.objects.exclude(pk__in=demo)
    assert rows["protection_asylumapplication"] == loaded.count() > 0
    assert not loaded.filter(before_kosh=False).exists()
    assert not StatelessRecord.objects.exclude(pk__in=demo_stateless).filter(
        before_kosh=False).exists()
    assert ProtectionCertificate.objects.count() == certificates  # nothing made up
    refugee = loaded.filter(status=AsylumStatus.RECOGNISED).first()
    page = client_as("asylum").get(f"/protection/applications/{refugee.pk}/")
    assert 'data-testid="certificates-before-kosh"' in page.content.decode()
    with translation.override("en"):
        history = selectors.protection_history(actor=asylum_actor, person=refugee.person)
    assert "issued before Kosh, no copy held" in next(
        s.detail for s in history if s.code == "asylum_recognised")
    with time_machine.travel("2026-06-01 10:00 +05:00", tick=False):
        ended = services.refugee_status_end(actor=asylum_actor, application=refugee,
                                            ground="left", reasons="left for Canada for good")
    assert ended.status == AsylumStatus.CEASED
    documented = StatelessRecord.objects.exclude(pk__in=demo_stateless).filter(
        status=StatelessStatus.DOCUMENTED).first()
    if documented is not None:
        stateless = client_as("asylum").get("/protection/stateless/").content.decode()
        assert f'data-testid="before-kosh-{documented.pk}"' in stateless
