"""Applicants for the new instruments — Neo Nomad visa, investor visa, demanded-professions
visa, Ata Zholy card — with what their rules look at (INSTRUMENTS §1-4, §14): six months
of income, investments, skills and occupation, country, Kazakh ethnicity, a business
abroad. Incomes and investments straddle the thresholds (USD 3,000 a month; USD 300,000)
so that the rules decide both ways."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from kosh.synth.persons import names_generate

from . import targets as T
from .market import unit_groups
from .output import Context, NationWriter, days, dictionary
from .people import NAME_ORIGIN, ORIGIN_NAMES, adults, birth_dates
from .settlers import EDUCATION

INSTRUMENTS = {  # name: (share of applicants, first day applications are taken)
    "neo_nomad": (0.35, "2024-11-17"), "investor": (0.15, "2024-11-17"),
    "demanded_profession": (0.30, "2023-02-28"), "ata_zholy": (0.20, "2023-07-01"),
}
COUNTRIES = {"RUS": 16, "CHN": 8, "TUR": 7, "IND": 7, "DEU": 5, "USA": 5, "GBR": 4,
             "KOR": 4, "UZB": 6, "MNG": 4, "UKR": 3, "FRA": 2, "ITA": 1, "NLD": 1, "POL": 1,
             "ARE": 1, "ISR": 1, "CAN": 1, "AUS": 1, "JPN": 1, "IRN": 2, "PAK": 2, "EGY": 1}
KAZAKH_DIASPORA = {"CHN": 4, "MNG": 3, "UZB": 3, "RUS": 2, "TUR": 1, "DEU": 1, "USA": 1}
INCOME_LEVEL = {"USA": 1.8, "GBR": 1.6, "DEU": 1.5, "CAN": 1.6, "AUS": 1.6, "ISR": 1.5,
                "JPN": 1.4, "KOR": 1.3, "FRA": 1.5, "NLD": 1.6, "ARE": 1.5, "ITA": 1.3}
# MLSP order No. 49 of 20.02.2023 (INSTRUMENTS §3), with the ISCO-08 unit group of each.
DEMANDED = {"neurosurgeon": "2212", "haematologist": "2212", "oncologist": "2212",
            "neonatologist": "2212", "endocrinologist": "2212",
            "it_infrastructure_architect": "2523", "software_architect": "2511",
            "aviation_engineer": "2144", "laser_engineer": "2152",
            "space_systems_engineer": "2144", "bacteriologist": "2131",
            "medical_physicist": "2111"}
SKILLS = ("python", "java", "devops", "data", "machine_learning", "cloud", "surgery",
          "cardiology", "oncology", "mechanical", "electrical", "aviation", "teaching",
          "research", "management", "finance", "marketing", "design", "agronomy",
          "petroleum", "logistics", "construction")


def applicants_write(ctx: Context, writer: NationWriter) -> None:
    rng = ctx.rng("applicants")
    n = ctx.count(T.APPLICANTS, floor=200)
    names = tuple(INSTRUMENTS)
    inst = rng.choice(len(names), size=n, p=[v[0] for v in INSTRUMENTS.values()])
    start = np.array([np.datetime64(INSTRUMENTS[k][1]) for k in names])[inst]
    applied = start + (rng.random(n) * (np.datetime64("2025-12-31") - start).astype(int)
                       ).astype("timedelta64[D]")
    ata = inst == names.index("ata_zholy")
    pool = np.where(ata[:, None], [[KAZAKH_DIASPORA.get(c, 0) for c in COUNTRIES]],
                    [list(COUNTRIES.values())])
    pool = pool / pool.sum(axis=1, keepdims=True)
    country = (rng.random(n)[:, None] > np.cumsum(pool, axis=1)).sum(axis=1)
    codes = np.array(list(COUNTRIES))[country]
    kazakh = ata | (rng.random(n) < 0.04)
    origin = np.where(kazakh, ORIGIN_NAMES.index("kazakh"),
                      [ORIGIN_NAMES.index(NAME_ORIGIN.get(c, "other")) for c in codes])
    female = rng.random(n) < 0.35
    written = names_generate(rng, origin, female, ORIGIN_NAMES)
    age = adults(rng, n, 22, 64, 34)

    units = unit_groups()
    professional = [i for i, u in enumerate(units) if u[0] in "123"]
    isco = rng.choice(professional, size=n)
    demanded = np.full(n, -1)
    wants = (inst == names.index("demanded_profession")) | (ata & (rng.random(n) < 0.5))
    demanded_names = tuple(DEMANDED)
    pick = rng.integers(0, len(DEMANDED), n)
    listed = wants & (rng.random(n) < 0.8)  # the rest claim a profession not on the list
    demanded[listed] = pick[listed]
    isco[listed] = [units.index(DEMANDED[demanded_names[p]]) for p in pick[listed]]

    level = np.array([INCOME_LEVEL.get(c, 1.0) for c in codes])
    nomad = inst == names.index("neo_nomad")
    monthly = rng.lognormal(np.log(np.where(nomad, 3300, 2500) * level), 0.45)
    income = monthly[:, None] * rng.normal(1, 0.12, (n, 6))
    income[rng.random((n, 6)) < 0.03] = 0.0  # a month without pay
    investor = inst == names.index("investor")
    investment = np.where(investor, rng.lognormal(np.log(320_000), 0.5, n),
                          np.where(rng.random(n) < 0.05, rng.lognormal(np.log(80_000), 1, n),
                                   np.nan))
    invested_on = applied - rng.integers(30, 1500, n).astype("timedelta64[D]")
    n_skills = rng.integers(1, 4, n)
    skill_idx = rng.integers(0, len(SKILLS), (n, 3))
    skills = ["|".join(sorted({SKILLS[s] for s in row[:k]})) for row, k in
              zip(skill_idx, n_skills, strict=True)]
    employer_country = np.where(rng.random(n) < 0.8, codes, "USA")
    education = np.where(rng.random(n) < 0.75, 0, rng.choice([1, 2], size=n))
    writer.write("applicants", pa.table({
        "applicant_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
        "instrument": dictionary(inst, names),
        "applied_on": days(applied),
        "citizenship": dictionary(country, list(COUNTRIES)),
        "sex": dictionary(female.astype(np.int32), ["M", "F"]),
        "birth_date": days(birth_dates(rng, age, applied)),
        "surname": written["surname_latin"].cast(pa.string()),
        "given_name": written["given_name_latin"].cast(pa.string()),
        "ethnic_kazakh": pa.array(kazakh),
        "education": dictionary(education, EDUCATION),
        "isco08": dictionary(isco, units),
        "demanded_profession": dictionary(demanded, demanded_names),
        "years_experience": pa.array(np.clip(age - 23 - rng.integers(0, 6, n), 0, 40)
                                     .astype(np.int8)),
        "skills": pa.array(skills, type=pa.string()),
        **{f"income_usd_m{i + 1}": pa.array(income[:, i].round(2)) for i in range(6)},
        "employer_country": dictionary(np.searchsorted(sorted(set(employer_country)),
                                                       employer_country),
                                       sorted(set(employer_country))),
        "works_for_local_company": pa.array(rng.random(n) < np.where(nomad, 0.07, 0.3)),
        "owns_foreign_company": pa.array(rng.random(n) < 0.2),
        "business_abroad": pa.array(ata & (rng.random(n) < 0.45)),
        "investment_usd": pa.array(np.nan_to_num(investment).round(-2),
                                   mask=np.isnan(investment)),
        "invested_on": pa.array(invested_on, type=pa.date32(), mask=np.isnan(investment)),
        "criminal_record_clear": pa.array(rng.random(n) < 0.97),
        "medical_insurance": pa.array(rng.random(n) < 0.9),
    }))
    ctx.advance("applicants", n)
