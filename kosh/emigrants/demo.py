"""Demo agencies, work abroad and a complaint (``kosh demo-data``), made through the
services: a licensed agency with a placement in Uzbekistan, an application waiting, and a
complaint from that citizen before the mission in Tashkent."""

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from kosh.access.policy import actor_for
from kosh.identity.identifiers import IdentifierError, bin_generate
from kosh.identity.models import Category, Person

from . import services

DEMO_AGENCIES = (("Silk Road Jobs LLP", 201), ("Steppe Work Abroad LLP", 202))


def _bin(serial: int) -> str:
    while True:
        try:
            return bin_generate(2016, 5, 4, 0, serial)
        except IdentifierError:
            serial += 1


def emigrants_demo_load(users: dict[str, AbstractBaseUser]) -> None:
    ministry = actor_for(users["labour"])
    agencies = [services.agency_apply(actor=ministry, bin_number=_bin(serial), name=name)
                for name, serial in DEMO_AGENCIES]
    licensed = services.agency_license(actor=ministry, agency=agencies[0])
    person = Person.objects.filter(categories__category=Category.EMIGRANT_WORKER,
                                   citizenship_id="KAZ").order_by("pk").first()
    if person is None:
        return
    today = timezone.localdate()
    work = services.work_register(
        actor=ministry, person=person, country="UZB", city="Tashkent",
        employer_name="Chilanzar Textile", contract_from=today - timedelta(days=60),
        contract_to=today + timedelta(days=300), agency_id=licensed.pk)
    services.complaint_file(actor=ministry, person=person, country="UZB", city="Tashkent",
                            kind="wage_theft", work_id=work.pk,
                            description="Wages for two months were not paid.")
