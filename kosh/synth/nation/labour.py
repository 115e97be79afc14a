"""Employers (valid BINs) and the work permits local executive bodies issue to them for
foreign workers, by sector and quota category (INSTRUMENTS §7)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from kosh.identity.identifiers import IdentifierError, bin_generate

from . import targets as T
from .geography import CITIES, districts_draw, draw_by_group, geography
from .market import unit_groups
from .output import Context, NationWriter, apportion, days, dictionary
from .people import People, adults, birth_dates, segment_write

SECTORS = ("trade", "construction", "manufacturing", "agriculture", "transport",
           "professional", "ict", "hospitality", "mining", "education", "health", "services")
SECTOR_P = (0.25, 0.12, 0.08, 0.08, 0.06, 0.12, 0.04, 0.05, 0.02, 0.05, 0.04, 0.09)
_NAME_A = ("Сарыарқа", "Алатау", "Жетісу", "Атамекен", "Каспий", "Ертіс", "Есіл", "Тұран",
           "Достық", "Береке", "Самұрық", "Қазына", "Нұр", "Altyn", "Ақжол", "Кең Дала",
           "Байтерек", "Шаңырақ", "Темір", "Жібек", "Орда", "Көкше", "Tengri", "Silk Way")
_NAME_B = {"trade": "Сауда", "construction": "Құрылыс", "manufacturing": "Өндіріс",
           "agriculture": "Агро", "transport": "Транс", "professional": "Консалт",
           "ict": "Digital", "hospitality": "Сервис", "mining": "Мұнай", "education": "Білім",
           "health": "Мед", "services": "Сервис"}
CATEGORIES = tuple(T.WORK_PERMIT_CATEGORIES)
# Sectors employing each permit category (INSTRUMENTS §7: ICT mostly oil, gas, mining).
CATEGORY_SECTORS = {
    "cat1": {"mining": 3, "manufacturing": 2, "construction": 2, "trade": 1, "ict": 1},
    "cat2": {"mining": 3, "manufacturing": 2, "construction": 3, "professional": 1},
    "cat3": {"mining": 2, "manufacturing": 2, "construction": 2, "ict": 1, "health": 1,
             "education": 1, "professional": 1},
    "cat4": {"construction": 4, "manufacturing": 2, "mining": 2},
    "seasonal": {"agriculture": 5, "construction": 1},
    "ict": {"mining": 5, "manufacturing": 2, "construction": 1},
}
CATEGORY_ISCO = {"cat1": "11", "cat2": "12", "cat3": "2", "cat4": "7", "seasonal": "6",
                 "ict": "2"}
# Employer fee per permit, MCI, by category 1-4 (INSTRUMENTS §7, 2017 rates); seasonal
# by length (from 2021); ICT free.
FEES = {"mining": (154, 178, 202, 225), "trade": (154, 178, 202, 225),
        "construction": (171, 198, 224, 250), "manufacturing": (171, 198, 224, 250)}
FEE_OTHER = (137, 158, 179, 200)


def season_days(rng: np.random.Generator, year: int, n: int) -> np.ndarray:
    """``n`` days of ``year`` with the spring peak of permit issuing (:data:`T.SEASON`)."""
    month = rng.choice(12, size=n, p=T.SEASON)
    start = (np.datetime64(f"{year}-01", "M") + month).astype("datetime64[D]")
    return start + rng.integers(0, 28, n).astype("timedelta64[D]")


def employers_write(ctx: Context, writer: NationWriter) -> pa.Table:
    """Employers with valid, unique BINs; returns their table."""
    geo = geography()
    rng = ctx.rng("employers")
    n = ctx.count(T.EMPLOYERS, floor=60)
    sector = rng.choice(len(SECTORS), size=n, p=SECTOR_P)
    w = geo.region_share * np.where(geo.mask(CITIES[:2]), 1.6, 1.0)
    region = draw_by_group(rng, np.zeros(n, int), (w / w.sum())[None, :])
    district = districts_draw(rng, region, rural_bias=0.4)
    years = np.arange(1998, 2026)
    year = rng.choice(years, size=n, p=(years - 1990) / (years - 1990).sum())
    month = rng.integers(1, 13, n)
    kind = np.where(rng.random(n) < 0.96, 4, 5)
    attribute = rng.choice(3, size=n, p=(0.9, 0.08, 0.02))
    group = ((year * 100 + month) * 10 + kind) * 10 + attribute
    order = np.lexsort((rng.random(n), group))
    rank = np.empty(n, dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(group[order])) + 1]
    sizes = np.diff(np.r_[starts, n])
    rank[order] = np.arange(n) - np.repeat(starts, sizes)
    bins = []
    for y, m, k, a, r in zip(year, month, kind, attribute, rank, strict=True):
        serial = 100 + 2 * int(r)  # even serials; a never-issued one takes the odd next
        try:
            bins.append(bin_generate(int(y), int(m), int(k), int(a), serial))
        except IdentifierError:
            bins.append(bin_generate(int(y), int(m), int(k), int(a), serial + 1))
    registered = (((year - 1970) * 12 + month - 1).astype("datetime64[M]")
                  .astype("datetime64[D]") + rng.integers(0, 28, n).astype("timedelta64[D]"))
    a = rng.integers(0, len(_NAME_A), n)
    names = [f"ТОО «{_NAME_A[i]} {_NAME_B[SECTORS[s]]}»" for i, s in zip(a, sector,
                                                                         strict=True)]
    table = pa.table({
        "employer_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
        "bin": pa.array(bins, type=pa.string()),
        "name": pa.array(names, type=pa.string()),
        "sector": dictionary(sector, SECTORS),
        "region": dictionary(region, geo.regions),
        "district": dictionary(district, geo.districts),
        "registered_on": days(registered),
        "employees": pa.array(np.maximum(1, rng.lognormal(2.3, 1.3, n)).astype(np.int32)),
    })
    writer.write("employers", table)
    ctx.advance("employers", n)
    return table


def work_permits_write(ctx: Context, writer: NationWriter, people: People,
                       employers: pa.Table) -> None:
    """Permits issued or extended each year within the quota (ICT outside it), with the
    foreign workers who hold them as persons."""
    geo = geography()
    rng = ctx.rng("work_permits")
    emp_sector = employers.column("sector").combine_chunks().indices.to_numpy()
    emp_region = employers.column("region").combine_chunks().indices.to_numpy()
    emp_district = employers.column("district").combine_chunks().indices.to_numpy()
    units = np.array(unit_groups())
    countries = tuple(T.WORK_PERMIT_COUNTRIES)
    rows: dict[str, list] = {k: [] for k in ("year", "category", "employer", "country",
                                             "isco", "issued", "months", "previous")}
    for year in T.YEARS:
        n = ctx.count(T.WORK_PERMITS[year], floor=5)
        cat = rng.permutation(np.repeat(np.arange(len(CATEGORIES)), apportion(
            n, list(T.WORK_PERMIT_CATEGORIES.values()))))
        for c, name in enumerate(CATEGORIES):
            idx = np.flatnonzero(cat == c)
            wanted = CATEGORY_SECTORS[name]
            sec = rng.choice([SECTORS.index(s) for s in wanted], size=idx.size,
                             p=np.array(list(wanted.values())) / sum(wanted.values()))
            emp = np.empty(idx.size, dtype=np.int64)
            for s in np.unique(sec):
                pool = np.flatnonzero(emp_sector == s)
                pool = pool if pool.size else np.arange(emp_sector.size)
                emp[sec == s] = rng.choice(pool, size=int((sec == s).sum()))
            prefix = np.array([u.startswith(CATEGORY_ISCO[name]) for u in units])
            rows["category"].append(np.full(idx.size, c))
            rows["employer"].append(emp)
            rows["isco"].append(rng.choice(np.flatnonzero(prefix), size=idx.size))
        n_year = sum(a.size for a in rows["category"][-len(CATEGORIES):])
        rows["year"].append(np.full(n_year, year))
        rows["country"].append(rng.choice(len(countries), size=n_year, p=np.array(
            list(T.WORK_PERMIT_COUNTRIES.values())) / sum(T.WORK_PERMIT_COUNTRIES.values())))
        rows["issued"].append(season_days(rng, year, n_year))
    year = np.concatenate(rows["year"])
    category = np.concatenate(rows["category"])
    employer = np.concatenate(rows["employer"])
    country = np.concatenate(rows["country"])
    issued = np.concatenate(rows["issued"])
    isco = np.concatenate(rows["isco"])
    n = year.size
    seasonal = category == CATEGORIES.index("seasonal")
    long = np.isin(category, [CATEGORIES.index("cat1"), CATEGORIES.index("ict")])
    months = np.where(seasonal, rng.integers(3, 10, n), np.where(long, rng.choice(
        [12, 24, 36], size=n), 12))
    # a third of the permits after 2019 extend one of the year before (same worker)
    extension = (year > 2019) & (rng.random(n) < 0.33) & ~seasonal
    holder = np.arange(n)
    for y in T.YEARS[1:]:
        ext = np.flatnonzero(extension & (year == y))
        before = np.flatnonzero((year == y - 1) & (category != CATEGORIES.index("seasonal")))
        k = min(ext.size, before.size)
        extension[ext[k:]] = False
        if k:
            prev = rng.choice(before, size=k, replace=False)
            holder[ext[:k]] = holder[prev]
            employer[ext[:k]], country[ext[:k]] = employer[prev], country[prev]
            category[ext[:k]], isco[ext[:k]] = category[prev], isco[prev]
    workers, first_permit, person_of = np.unique(holder, return_index=True,
                                                 return_inverse=True)
    w_country = np.array(countries)[country[first_permit]]
    ages = adults(rng, workers.size, 23, 60, 38)
    female = rng.random(workers.size) < 0.12
    ids = segment_write(
        ctx, writer, people, "work_permit",
        birth=birth_dates(rng, ages, issued[first_permit]), female=female,
        citizenship=w_country.tolist(), region=emp_region[employer[first_permit]],
        district=emp_district[employer[first_permit]])
    sector = emp_sector[employer]
    fee = np.array([FEES.get(SECTORS[s], FEE_OTHER)[min(c, 3)] for s, c in
                    zip(sector, category, strict=True)])
    fee = np.where(seasonal, 12 * np.ceil(months * 30 / 90), fee)
    fee = np.where(category == CATEGORIES.index("ict"), 0, fee).astype(np.int32)
    valid_until = (issued.astype("datetime64[M]") + months.astype("timedelta64[M]")
                   ).astype("datetime64[D]") + (issued - issued.astype("datetime64[M]")
                                                .astype("datetime64[D]")) - 1
    writer.write("work_permits", pa.table({
        "permit_id": pa.array(np.arange(1, n + 1, dtype=np.int64)),
        "person_id": pa.array(ids[person_of]),
        "employer_id": pa.array(employer + 1),
        "quota_year": pa.array(year.astype(np.int16)),
        "kind": dictionary(extension.astype(np.int32), ["issue", "extension"]),
        "category": dictionary(category, CATEGORIES),
        "in_quota": pa.array(category != CATEGORIES.index("ict")),
        "citizenship": dictionary(country, countries),
        "sector": dictionary(sector, SECTORS),
        "region": dictionary(emp_region[employer], geo.regions),
        "district": dictionary(emp_district[employer], geo.districts),
        "isco08": dictionary(isco, units),
        "issued_on": days(issued),
        "valid_until": days(valid_until),
        "fee_mci": pa.array(fee),
        "fee_kzt": pa.array(fee.astype(np.int64) * np.array([T.MCI[y] for y in year])),
    }))
    ctx.advance("work_permits", n)
