"""Demo agencies, work abroad and a complaint (``kosh demo-data``), made through the
services: a licensed agency, an application waiting, and the demo citizen (login
``citizen``) placed by the agency in Tashkent, with his complaint before the mission
there."""

from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from kosh.access.policy import actor_for, system_actor
from kosh.identity.identifiers import IdentifierError, bin_generate, iin_generate_next
from kosh.identity.models import Person
from kosh.identity.services import person_create

from . import services

DEMO_AGENCIES = (("Silk Road Jobs LLP", 201), ("Steppe Work Abroad LLP", 202))
CITIZEN = {"surname": "Серікбаев", "given_name": "Ерболат", "patronymic": "Маратұлы",
           "birth_date": date(1988, 7, 3), "sex": "M"}
CITIZEN_IIN_SERIAL = 990  # serials below 1000 are the services' (the nation's start above)


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
    person = Person.objects.filter(account=users["citizen"]).first() or _citizen(users)
    citizen = actor_for(users["citizen"])
    today = timezone.localdate()
    work = services.work_register(
        actor=citizen, person=person, country="UZB", city="Tashkent",
        employer_name="Chilanzar Textile", contract_from=today - timedelta(days=60),
        contract_to=today + timedelta(days=300), agency_id=licensed.pk)
    services.complaint_file(actor=citizen, country="UZB", city="Tashkent", kind="wage_theft",
                            work_id=work.pk, description="Не выплачена зарплата за два месяца.")


def _citizen(users: dict[str, AbstractBaseUser]) -> Person:
    """The demo citizen working abroad, linked to the login ``citizen``."""
    serial = CITIZEN_IIN_SERIAL
    while True:
        iin, serial = iin_generate_next(CITIZEN["birth_date"], CITIZEN["sex"], serial)
        if not Person.objects.filter(iin=iin).exists():
            break
        serial += 1
    person = person_create(actor=system_actor(), iin=iin, citizenship="KAZ", **CITIZEN)
    person.account = users["citizen"]
    person.save(update_fields=["account"])
    return person
