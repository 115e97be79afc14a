"""The one window at a mission and the kandas status: one answer for a family, the quota
drawn per member, the alternative region when a region is full, extension and citizenship."""

from datetime import date

import pytest
from django.utils import translation

from kosh.access.audit import audit_verify
from kosh.access.models import AuditEvent
from kosh.access.policy import AccessDenied
from kosh.errors import DomainError
from kosh.identity.models import PersonCategory
from kosh.identity.selectors import person_changes
from kosh.quotas.models import QuotaAccount
from kosh.settlement import services
from kosh.settlement.models import Family, Payment, Stage
from kosh.settlement.selectors import family_history, family_scope

from .conftest import ABAI, NKO, PAVLODAR, YEAR, family, officer, quota_publish

pytestmark = pytest.mark.django_db


def register(actor, size=5, key="k1", region=PAVLODAR, **kw):
    return services.one_window_register(actor=actor, members=family(size), ethnic_kazakh=True,
                                        was_kz_citizen=False, idempotency_key=key,
                                        region=region, **kw)


def left(region: str) -> int:
    acc = QuotaAccount.objects.get(year=YEAR, kind="kandas", region=region)
    return acc.amount - acc.drawn


def test_one_window_gives_one_answer_and_draws_one_place_per_member(embassy):
    quota_publish("kandas", {PAVLODAR: 12, ABAI: 20})
    answer = register(embassy)
    fam = answer.family
    assert answer.eligible and fam.stage == Stage.STATUS
    assert fam.visa_issued_on == date(2026, 3, 2) and fam.region_id == PAVLODAR
    assert fam.mission_country_id == "UZB" and fam.members.count() == 5
    assert fam.status.due_on == date(2026, 3, 5)  # 3 working days since 2025-10-26
    assert fam.status.valid_until == date(2027, 3, 2)
    assert fam.status.relocation_kzt == 5 * 70 * 4325  # MCI of 2026
    assert fam.status.rent_mci == 15  # the region set nothing: the least of the rules
    assert answer.places_left == left(PAVLODAR) == 7
    assert register(embassy).family.pk == fam.pk  # a retry is the same answer
    assert left(PAVLODAR) == 7
    person = fam.members.first().person
    assert person.citizenship_id == "UZB" and person.display_name.startswith("Nurlanov")
    assert PersonCategory.objects.filter(person=person, category="kandas").exists()
    steps = [e.after["step"] for e in person_changes(person=person)
             if e.object_type == "settlement_family"]
    assert steps == ["one_window"]


def test_quota_exhausted_names_an_alternative_region_with_places(embassy):
    quota_publish("kandas", {PAVLODAR: 7, ABAI: 3, NKO: 9})
    register(embassy, key="first")
    with pytest.raises(DomainError) as err, translation.override("en"):
        register(embassy, key="second")
    assert err.value.code == "quota_exhausted" and err.value.field == "region"
    with translation.override("en"):
        message = str(err.value.message)
    assert "2 places left" in message and "needs 5" in message
    assert "North Kazakhstan" in message and err.value.rows[0]["message"] == NKO
    assert left(PAVLODAR) == 2 and left(NKO) == 9  # nothing of the refused family kept
    assert not Family.objects.filter(idempotency_key="second").exists()
    assert register(embassy, key="second", region=NKO).family.region_id == NKO
    assert left(NKO) == 4


def test_without_a_region_the_one_with_most_places_is_proposed(embassy):
    quota_publish("kandas", {PAVLODAR: 7, ABAI: 30})
    assert register(embassy, region="").family.region_id == ABAI


def test_no_region_outside_the_settlement_list(embassy):
    quota_publish("kandas", {PAVLODAR: 7})
    with pytest.raises(DomainError) as err:
        register(embassy, region="750000000")  # Almaty city
    assert err.value.code == "not_settlement_region"


def test_not_of_kazakh_nationality_is_refused_without_a_place(embassy):
    quota_publish("kandas", {PAVLODAR: 7})
    answer = services.one_window_register(actor=embassy, members=family(2),
                                          ethnic_kazakh=False, was_kz_citizen=False,
                                          idempotency_key="r1", region=PAVLODAR)
    assert not answer.eligible and answer.family.stage == Stage.REFUSED
    assert left(PAVLODAR) == 7 and answer.family.draws.count() == 0


def test_extension_once_by_at_most_six_months(embassy, pavlodar):
    quota_publish("kandas", {PAVLODAR: 7})
    fam = register(embassy).family
    with pytest.raises(DomainError) as err:
        services.status_extend(actor=pavlodar, family_id=fam.pk, months=7)
    assert err.value.code == "extension_too_long"
    status = services.status_extend(actor=pavlodar, family_id=fam.pk, months=6)
    assert status.valid_until == date(2027, 9, 2)
    with pytest.raises(DomainError) as err:
        services.status_extend(actor=pavlodar, family_id=fam.pk, months=1)
    assert err.value.code == "extension_used"


def test_support_scheduled_and_refused_after_citizenship(embassy, pavlodar):
    quota_publish("kandas", {PAVLODAR: 7})
    fam = register(embassy, size=3).family
    services.region_terms_set(actor=pavlodar, region=PAVLODAR, rent_mci=25,
                              priority_sectors="metallurgy, agriculture")
    with pytest.raises(DomainError) as err:
        services.support_grant(actor=pavlodar, family_id=fam.pk, kind="relocation")
    assert err.value.code == "not_arrived"
    services.arrival_confirm(actor=pavlodar, family_id=fam.pk)
    relocation = services.support_grant(actor=pavlodar, family_id=fam.pk, kind="relocation")
    assert relocation.total_kzt == 3 * 70 * 4325
    rent = services.support_grant(actor=pavlodar, family_id=fam.pk, kind="rent")
    assert rent.payments.count() == 12 and rent.total_kzt == 12 * 25 * 4325
    with pytest.raises(DomainError) as err:
        services.support_grant(actor=pavlodar, family_id=fam.pk, kind="rent")
    assert err.value.code == "support_once"
    first = rent.payments.first()
    assert services.payment_record(actor=pavlodar, payment_id=first.pk).status == "paid"
    services.citizenship_record(actor=pavlodar, family_id=fam.pk, on=date(2026, 6, 15))
    assert Payment.objects.filter(support=rent, status="cancelled").count() == 8
    with pytest.raises(DomainError) as err:
        services.status_extend(actor=pavlodar, family_id=fam.pk, months=3)
    assert err.value.code == "after_citizenship"
    last = rent.payments.filter(status="cancelled").last()
    with pytest.raises(DomainError) as err:
        services.payment_record(actor=pavlodar, payment_id=last.pk)
    assert err.value.code == "after_citizenship"
    fam.refresh_from_db()
    assert fam.status.ended_on == date(2026, 6, 15)
    assert not PersonCategory.objects.filter(person_id__in=fam.members.values("person_id"),
                                             category="kandas", valid_to__isnull=True).exists()
    steps = [e.after["step"] for e in family_history(family=fam)]
    assert steps == ["one_window", "arrived", "support_relocation", "support_rent", "payment",
                     "citizenship"]


def test_support_after_citizenship_refused(embassy, pavlodar):
    quota_publish("kandas", {PAVLODAR: 7})
    fam = register(embassy, size=2).family
    services.arrival_confirm(actor=pavlodar, family_id=fam.pk)
    services.citizenship_record(actor=pavlodar, family_id=fam.pk)
    with pytest.raises(DomainError) as err:
        services.support_grant(actor=pavlodar, family_id=fam.pk, kind="relocation")
    assert err.value.code == "after_citizenship"


def test_rent_out_of_the_rules_bounds_is_refused(pavlodar):
    for rent in (14, 31):
        with pytest.raises(DomainError) as err:
            services.region_terms_set(actor=pavlodar, region=PAVLODAR, rent_mci=rent)
        assert err.value.code == "rent_out_of_bounds"
    assert services.region_terms_set(actor=pavlodar, region=PAVLODAR, rent_mci=30).rent_mci == 30


def test_scoping_region_ministry_and_mission(embassy, pavlodar, ministry):
    quota_publish("kandas", {PAVLODAR: 7, ABAI: 10})
    in_pavlodar = register(embassy, size=2, key="a").family
    in_abai = register(embassy, size=2, key="b", region=ABAI).family
    other_mission = officer("settle-embassy-cn", "embassy_officer", mission="CHN")
    assert set(family_scope(pavlodar)) == {in_pavlodar}
    assert set(family_scope(ministry)) >= {in_pavlodar, in_abai}
    assert set(family_scope(embassy)) >= {in_pavlodar, in_abai}
    assert not family_scope(other_mission).filter(pk__in=[in_pavlodar.pk, in_abai.pk]).exists()
    with pytest.raises(Family.DoesNotExist):
        services.arrival_confirm(actor=pavlodar, family_id=in_abai.pk)
    with pytest.raises(AccessDenied):
        services.region_terms_set(actor=pavlodar, region=ABAI, rent_mci=20)
    with pytest.raises(AccessDenied):
        register(pavlodar, key="c")


def test_every_step_is_audited_on_each_member(embassy):
    quota_publish("kandas", {PAVLODAR: 7})
    fam = register(embassy, size=3).family
    assert AuditEvent.objects.filter(object_type="settlement_family",
                                     object_id=str(fam.pk)).count() == 3
    persons = list(fam.members.values_list("person_id", flat=True))
    for pid in persons:  # each card: the person registered, the family's step, the decision
        assert set(AuditEvent.objects.filter(person_id=pid).values_list(
            "object_type", flat=True)) == {"person", "settlement_family", "settlement_decision"}
    first = fam.draws.order_by("pk").first()
    assert AuditEvent.objects.filter(object_type="quota_draw",  # one for the 3 places
                                     object_id=str(first.pk)).count() == 1
    assert audit_verify(actor=embassy).intact


def test_report_sets_placements_beside_the_official_quota(embassy, pavlodar, ministry):
    from kosh.settlement.selectors import settlement_report

    quota_publish("kandas", {PAVLODAR: 12, ABAI: 20})
    fam = register(embassy, size=3).family
    services.arrival_confirm(actor=pavlodar, family_id=fam.pk)
    services.support_grant(actor=pavlodar, family_id=fam.pk, kind="relocation")
    rows = {(r.programme, r.region): r for r in settlement_report(actor=ministry, year=YEAR)}
    row = rows["kandas", PAVLODAR]
    assert (row.quota, row.persons, row.families, row.support_kzt) == (12, 3, 1, 3 * 70 * 4325)
    assert rows["kandas", ABAI].persons == 0
