"""Demo asylum files (``kosh demo-data``): an application past its decision term
(escalated), one filed late and still in time for a decision, a stateless person
documented. Made through the services, as the asylum unit would."""

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from kosh.access.policy import actor_for
from kosh.identity.models import Category, Person

from . import services


def protection_demo_load(users: dict[str, AbstractBaseUser]) -> None:
    unit = actor_for(users["asylum"])
    today = timezone.localdate()
    seekers = list(Person.objects.filter(categories__category=Category.ASYLUM_SEEKER,
                                         asylum_applications__isnull=True,
                                         citizenship__isnull=False).order_by("pk")[:2])
    for person, (arrived, registered) in zip(seekers, ((110, 108), (20, 12)), strict=False):
        services.asylum_register(
            actor=unit, person=person, origin=person.citizenship_id,
            arrival_date=today - timedelta(days=arrived),
            registered_on=today - timedelta(days=registered),
            late_reason="" if arrived - registered <= 5 else "задержан на пограничном пункте")
    stateless = Person.objects.filter(categories__category=Category.STATELESS,
                                      stateless_record__isnull=True).order_by("pk").first()
    if stateless is not None:
        record = services.stateless_identify(actor=unit, person=stateless,
                                             basis="нет доказательств иного гражданства")
        services.stateless_document(actor=unit, record=record)
