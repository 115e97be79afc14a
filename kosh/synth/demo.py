"""The demo dataset: one login per role and a few hundred persons of every category,
made through the registry's own services (so the search index and audit log are real).

Deterministic for a seed. The full synthetic nation (``kosh synth``) is for volume."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from kosh.access.models import Profile
from kosh.access.policy import system_actor
from kosh.access.roles import Role
from kosh.cases.demo import cases_demo_load
from kosh.emigrants.demo import emigrants_demo_load
from kosh.geo.models import District, Region
from kosh.identity import services
from kosh.identity.identifiers import bin_generate, iin_generate_next
from kosh.identity.models import (
    Address,
    BorderCrossing,
    Category,
    Employer,
    Employment,
    IdentityDocument,
    Person,
)
from kosh.identity.names import transliterate
from kosh.instruments.pilot import pilot_mode_set
from kosh.protection.demo import protection_demo_load

from . import name_pools

PILOT_DEMO = ("teachers_scientists", "repatriation_insurance")

DEMO_PASSWORD = "kosh-demo-2026"
ALMATY_TZ = ZoneInfo("Asia/Almaty")
AKMOLA = "110000000"
DEMO_EMPLOYER_BIN_SERIAL = 1


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    scope: str


DEMO_LOGINS = (
    DemoLogin("admin", Role.ADMIN, "everything"),
    DemoLogin("migration", Role.MIGRATION_OFFICER, "all persons"),
    DemoLogin("labour", Role.LABOUR_OFFICER, "labour migrants, kandas, resettlers, emigrants"),
    DemoLogin("embassy", Role.EMBASSY_OFFICER, "citizens of Uzbekistan (mission in Tashkent)"),
    DemoLogin("akimat", Role.AKIMAT_OFFICER, "residents of Akmola Region"),
    DemoLogin("employer", Role.EMPLOYER, "employees of «Kosh Demo Construction»"),
    DemoLogin("applicant", Role.APPLICANT, "own record (Aziz Karimov)"),
    DemoLogin("analyst", Role.ANALYST, "aggregates only"),
    DemoLogin("auditor", Role.AUDITOR, "audit log"),
    DemoLogin("asylum", Role.ASYLUM_OFFICER, "asylum and statelessness files (asylum unit)"),
    DemoLogin("citizen", Role.APPLICANT, "own record (Yerbolat Serikbayev, working abroad)"),
)

# (origin pool, citizenship, category, share of the demo population)
PROFILES = [
    ("KAZAKH", "KAZ", None, 0.30),
    ("RUSSIAN", "KAZ", None, 0.08),
    ("KOREAN", "KAZ", None, 0.03),
    ("KAZAKH", "KAZ", Category.KANDAS, 0.10),
    ("KAZAKH", "KAZ", Category.RESETTLER, 0.06),
    ("KAZAKH", "KAZ", Category.EMIGRANT_WORKER, 0.03),
    ("KAZAKH", "MNG", Category.ATA_ZHOLY, 0.02),
    ("UZBEK", "UZB", Category.LABOUR_MIGRANT_QUOTA, 0.08),
    ("UZBEK", "UZB", Category.HOUSEHOLD_WORKER, 0.07),
    ("UYGHUR", "KGZ", Category.LABOUR_MIGRANT_OUTSIDE, 0.04),
    ("RUSSIAN", "RUS", Category.DIGITAL_NOMAD, 0.02),
    ("CHN", "CHN", Category.STUDENT, 0.04),
    ("TUR", "TUR", Category.INVESTOR, 0.02),
    ("IND", "IND", Category.TEACHER_SCIENTIST, 0.03),
    ("AFG", "AFG", Category.REFUGEE, 0.02),
    ("AFG", "AFG", Category.ASYLUM_SEEKER, 0.02),
    ("UYGHUR", None, Category.STATELESS, 0.02),
    ("UZBEK", "UZB", Category.STUDENT, 0.02),
    ("KAZAKH", "CHN", Category.KANDAS, 0.03),
    ("RUSSIAN", "KAZ", Category.RESETTLER, 0.03),
]


# The names of the demo staff (the applicant is addressed by his record's name).
DEMO_USER_NAMES = {
    "admin": ("Ерлан", "Сейтқали"), "migration": ("Айгүл", "Нұрланова"),
    "labour": ("Марат", "Әбенов"), "embassy": ("Дәурен", "Қасымов"),
    "akimat": ("Гүлнар", "Ермекова"), "employer": ("Сергей", "Ким"),
    "analyst": ("Динара", "Омарова"), "auditor": ("Бауыржан", "Тоқтаров"),
    "asylum": ("Сәуле", "Бекова"), "citizen": ("Ерболат", "Серікбаев"),
}


def demo_users() -> dict[str, object]:
    """Create (or reset) one user per role; returns users by username."""
    User = get_user_model()
    users = {}
    for login in DEMO_LOGINS:
        user, _ = User.objects.get_or_create(username=login.username)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = login.role == Role.ADMIN
        user.first_name, user.last_name = DEMO_USER_NAMES.get(login.username, ("", ""))
        user.save()
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "role": login.role,
                "region_id": AKMOLA if login.role == Role.AKIMAT_OFFICER else None,
                "mission_country_id": "UZB" if login.role == Role.EMBASSY_OFFICER else None,
            },
        )
        users[login.username] = user
    return users


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.actor = system_actor()
        self.serial = 0
        self.doc_serial = 100000
        self.regions = list(Region.objects.order_by("kato"))
        self.districts: dict[str, list[District]] = {}
        for d in District.objects.exclude(kato="").order_by("kato"):
            self.districts.setdefault(d.region_id, []).append(d)

    def _name(self, pool: str, sex: str) -> tuple[str, str, str]:
        if pool in name_pools.LATIN:
            male, female, surnames = name_pools.LATIN[pool]
            given = self.rng.choice(male if sex == "M" else female)
            return self.rng.choice(surnames), given, ""
        male, female, surnames = getattr(name_pools, pool)
        given = self.rng.choice(male if sex == "M" else female)
        father = self.rng.choice(male)
        surname = self.rng.choice(surnames)
        if pool == "KAZAKH":
            if self.rng.random() < 0.15:
                return surname + ("ұлы" if sex == "M" else "қызы"), given, ""
            if surname.endswith("й"):
                surname = surname[:-1] + ("ев" if sex == "M" else "ева")
            else:
                surname += "ов" if sex == "M" else "ова"
            patronymic = father + ("ұлы" if sex == "M" else "қызы")
        else:
            if sex == "F" and surname.endswith(("ов", "ев", "ин")):
                surname += "а"
            patronymic = "" if pool == "KOREAN" and self.rng.random() < 0.5 else (
                father + ("ович" if sex == "M" else "овна")
            )
        return surname, given, patronymic

    def person(self, *, pool: str, citizenship: str | None, category: str | None,
               sex: str | None = None, name: tuple[str, str, str] | None = None,
               birth: date | None = None) -> Person:
        rng = self.rng
        sex = sex or rng.choice("MF")
        birth = birth or date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
        surname, given, patronymic = name or self._name(pool, sex)
        has_iin = citizenship == "KAZ" or category in (
            Category.LABOUR_MIGRANT_QUOTA, Category.HOUSEHOLD_WORKER, Category.STUDENT,
            Category.REFUGEE, Category.INVESTOR, Category.TEACHER_SCIENTIST,
        )
        iin = None
        if has_iin:
            iin, self.serial = iin_generate_next(birth, sex, self.serial + 1)
        person = services.person_create(
            actor=self.actor, iin=iin, birth_date=birth, sex=sex, surname=surname,
            given_name=given, patronymic=patronymic, citizenship=citizenship,
        )
        self._document(person, citizenship, surname, given, birth)
        self._address(person, citizenship, category)
        if category:
            services.category_add(
                actor=self.actor, person=person, category=category,
                valid_from=date(2019 + rng.randrange(6), 1 + rng.randrange(12), 1),
            )
        if citizenship != "KAZ":
            self._crossings(person, citizenship or "KGZ")
        return person

    def _document(self, person: Person, citizenship: str | None, surname: str, given: str,
                  birth: date) -> None:
        self.doc_serial += self.rng.randrange(1, 97)
        issued = max(birth + timedelta(days=16 * 365), date(2016, 1, 1)) + timedelta(
            days=self.rng.randrange(0, 2000)
        )
        if citizenship == "KAZ":
            kind, number, country = IdentityDocument.Kind.ID_CARD, f"0{self.doc_serial:08d}", "KAZ"
        elif citizenship is None:
            kind, number, country = (IdentityDocument.Kind.STATELESS_CERTIFICATE,
                                     f"L{self.doc_serial:07d}", "KAZ")
        else:
            kind, number, country = (IdentityDocument.Kind.FOREIGN_PASSPORT,
                                     f"{citizenship[:2]}{self.doc_serial:07d}", citizenship)
        doc = services.document_add(
            actor=self.actor, person=person, kind=kind, number=number, issuing_country=country,
            issued_on=issued, expires_on=issued + timedelta(days=10 * 365),
        )
        if any("\u0400" <= ch <= "\u04ff" for ch in surname + given):
            services.name_add(
                actor=self.actor, person=person, document=doc,
                surname=transliterate(surname, "passport_icao_kz").upper(),
                given_name=transliterate(given, "passport_icao_kz").upper(),
            )

    def _address(self, person: Person, citizenship: str | None, category: str | None) -> None:
        rng = self.rng
        if category == Category.EMIGRANT_WORKER:
            services.address_add(actor=self.actor, person=person, kind=Address.Kind.ABROAD,
                                 country=rng.choice(["KOR", "RUS", "TUR", "ARE", "DEU"]),
                                 valid_from=date(2023, 1 + rng.randrange(12), 1),
                                 line="—")
        if category in (Category.KANDAS, Category.RESETTLER):
            settle = [
                r for r in self.regions if r.is_kandas_settlement or r.is_resettler_settlement
            ]
            first = rng.choice([r for r in self.regions if r.is_labour_surplus_origin] or settle)
            self._registration(person, first, date(2015, 1, 1))
            region = rng.choice(settle)
        else:
            region = rng.choice(self.regions)
        self._registration(person, region, date(2020 + rng.randrange(5), 1 + rng.randrange(12), 1),
                           temporary=citizenship not in ("KAZ",))

    def _registration(self, person: Person, region: Region, since: date,
                      temporary: bool = False) -> None:
        district = self.rng.choice(self.districts.get(region.kato) or [None])
        services.address_add(
            actor=self.actor, person=person,
            kind=Address.Kind.PERMANENT if not temporary else Address.Kind.TEMPORARY,
            region_id=region.kato, district_id=district.pk if district else None,
            line=f"{self.rng.randrange(1, 120)}, {self.rng.randrange(1, 90)}",
            valid_from=since,
        )
        if temporary:  # foreigners are scoped to the region where they are registered
            person.region_id = region.kato
            person.save(update_fields=["region"])

    def _crossings(self, person: Person, country: str) -> None:
        day = date(2024, 1, 1) + timedelta(days=self.rng.randrange(0, 600))
        for i in range(self.rng.randrange(1, 5)):
            when = datetime.combine(day + timedelta(days=40 * i), time(10, 30), ALMATY_TZ)
            BorderCrossing.objects.create(
                person=person, at=when, country_id=country, checkpoint="Zhibek Zholy",
                direction=BorderCrossing.Direction.ENTRY if i % 2 == 0 else
                BorderCrossing.Direction.EXIT,
            )


@transaction.atomic
def demo_load(*, persons: int = 300, seed: int = 7) -> dict[str, int]:
    """Create the demo logins and ``persons`` persons (plus the named ones the guides use)."""
    users = demo_users()
    maker = _Maker(seed)
    employer, _ = Employer.objects.get_or_create(
        bin=bin_generate(2015, 3, 4, 0, DEMO_EMPLOYER_BIN_SERIAL),
        defaults={"name": "Kosh Demo Construction", "region_id": AKMOLA,
                  "sector": "construction"},
    )
    employer.staff.add(users["employer"])
    zhanna = maker.person(pool="KAZAKH", citizenship="KAZ", category=Category.KANDAS, sex="F",
                          name=("Ахметова", "Жанна", "Серікқызы"), birth=date(1990, 1, 1))
    services.address_add(actor=maker.actor, person=zhanna, kind=Address.Kind.PERMANENT,
                         region_id=AKMOLA, valid_from=date(2025, 3, 1), line="Kokshetau, 12")
    aziz = maker.person(pool="UZBEK", citizenship="UZB", category=Category.LABOUR_MIGRANT_QUOTA,
                        sex="M", name=("Каримов", "Азиз", "Бахтиёрович"), birth=date(1994, 5, 17))
    aziz.account = users["applicant"]
    aziz.save(update_fields=["account"])
    total_share = sum(share for *_, share in PROFILES)
    created = [zhanna, aziz]
    for pool, citizenship, category, share in PROFILES:
        for _ in range(round(persons * share / total_share)):
            created.append(maker.person(pool=pool, citizenship=citizenship, category=category))
    labour = [Category.LABOUR_MIGRANT_QUOTA, Category.LABOUR_MIGRANT_OUTSIDE]
    others = [p for p in created[2:] if p.categories.filter(category__in=labour).exists()]
    workers = [aziz, *others[:12]]
    Employment.objects.bulk_create(
        [Employment(person=p, employer=employer, valid_from=date(2025, 2, 1)) for p in workers]
    )
    # the proposed instruments (no enacted act) are shown in their pilot mode
    for code in PILOT_DEMO:
        pilot_mode_set(actor=system_actor(), instrument=code, enabled=True,
                       reason="Demo: proposed instrument shown as a pilot")
    cases_demo_load(users)  # applications in every state (kosh.cases.demo)
    protection_demo_load(users)  # asylum files (kosh.protection.demo)
    emigrants_demo_load(users)  # agencies, work abroad, a complaint (kosh.emigrants.demo)
    return {"users": len(users), "persons": Person.objects.count(), "employees": len(workers)}
