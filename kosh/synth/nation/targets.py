"""The figures the synthetic nation is calibrated to, each with where it comes from.

National volumes are for scale 1.0; a generator multiplies them by ``--scale``. Files
are in ``kosh/synth/data/`` (copies of the shared reference statistics; sources in
docs/reference-data.md); "concept" is the Migration Policy Concept 2023–2027
(REQUIREMENTS.md, the Kazakh text in ``seed/``); "INSTRUMENTS" is
``mission/INSTRUMENTS.md``. Values marked *assumption* fill years the shared data does
not give; docs/synthetic-data.md lists every one."""

from __future__ import annotations

YEARS = tuple(range(2019, 2026))  # the event window: 1 Jan 2019 – 31 Dec 2025
REGION_NAMES = {"710000000": "Astana", "750000000": "Almaty", "790000000": "Shymkent",
                "190000000": "Almaty Region"}

# --- population ---------------------------------------------------------------------
POPULATION = 20_033_841  # 1 Jan 2024, migration_indicators_published.csv (population)
WORKING_AGE_SHARE = 0.577  # concept §2: share of working age at the start of 2022
WORKING_AGE = {"M": (16, 62), "F": (16, 60)}  # BNS definition (retirement ages 63 / 61)

# --- internal migration (residence registration) --------------------------------------
# Inter-regional moves a year. *Assumption* anchored to the 2023 arrivals of Astana
# (130.0 k) and Almaty (115.4 k) in January–September (migration_indicators_published.csv,
# internal_migration_arrivals), which these shares reproduce for the whole year.
INTERREGIONAL_MOVES = {2019: 600_000, 2020: 510_000, 2021: 580_000, 2022: 620_000,
                       2023: 640_000, 2024: 650_000, 2025: 660_000}
INTRAREGIONAL_PER_INTER = 0.45  # *assumption*: moves within a region per inter-regional
NORTH_EAST_SHARE = 0.126  # concept indicator 10, baseline 2021
# Destination shares of inter-regional arrivals (the rest by population).
ARRIVAL_SHARES = {"710000000": 0.270, "750000000": 0.240, "790000000": 0.075,
                  "190000000": 0.100}
# Positive inter-regional balances 2022 (migration_indicators_published.csv rows 6-9).
INTERREGIONAL_BALANCE_2022 = {"750000000": 35_302, "710000000": 33_798,
                              "790000000": 2_756, "190000000": 898}
# 2023 arrivals, January–September (rows internal_migration_arrivals 2023-01..09).
ARRIVALS_2023_JAN_SEP = {"710000000": 130_000, "750000000": 115_400}
# How attractive the other regions are to movers, relative to their population.
OTHER_ATTRACTION = {"230000000": 1.6, "470000000": 1.5, "150000000": 1.2,
                    "350000000": 1.0, "270000000": 0.8, "330000000": 0.8,
                    "620000000": 0.6, "430000000": 0.6, "310000000": 0.6, "610000000": 0.5}

# --- external migration (permanent residence) -----------------------------------------
# (arrivals, departures). 2019: departures 45.2 k and balance −32,970 (concept §2);
# 2020: balance −17,718 (concept §2; split *assumption*); 2021: departures 32.2 k (concept
# §2) and balance −21.2 k (indicator 1); 2022: migration_indicators_published.csv rows 2-3;
# 2023: balance 8,346 for January–November (net_migration_total) × 12/11, split
# *assumption*; 2024: January–November arrivals 22,955, departures 11,259 × 12/11;
# 2025: balance +16.1 k (INSTRUMENTS §0.1, baq.kz 2026-02-25; split *assumption*).
EXTERNAL = {2019: (12_230, 45_200), 2020: (11_282, 29_000), 2021: (11_000, 32_200),
            2022: (17_293, 24_239), 2023: (24_000, 14_895), 2024: (25_042, 12_283),
            2025: (27_500, 11_400)}
SKILLED_ARRIVALS_2021 = 0.583  # indicator 5: higher or vocational education, aged 15+
SKILLED_DEPARTURES = 0.70  # *assumption*: the concept speaks of skilled workers leaving
ARRIVAL_COUNTRIES = {"UZB": 0.30, "RUS": 0.20, "CHN": 0.14, "TKM": 0.06, "MNG": 0.05,
                     "KGZ": 0.05, "TUR": 0.03, "UKR": 0.03, "TJK": 0.03, "DEU": 0.02,
                     "AFG": 0.02, "IND": 0.02, "KOR": 0.02, "AZE": 0.03}
DEPARTURE_COUNTRIES = {"RUS": 0.62, "DEU": 0.12, "BLR": 0.03, "UKR": 0.02, "USA": 0.03,
                       "POL": 0.02, "CAN": 0.02, "KOR": 0.02, "TUR": 0.02, "UZB": 0.02,
                       "ISR": 0.02, "GBR": 0.02, "CZE": 0.02, "ARE": 0.02}

# --- kandas ---------------------------------------------------------------------------
# Status granted a year (INSTRUMENTS §13.1): 2019 *assumption*; 2020 "more than 13,000";
# 2021 14,358 by 1 Oct × 12/9; 2022 19,178 (migration_indicators_published.csv);
# 2023 19,476 by 1 Dec × 12/11; 2024 12,325 by ~1 Sep × 12/8; 2025 16,805 (full year).
KANDAS = {2019: 18_600, 2020: 13_000, 2021: 19_144, 2022: 19_178, 2023: 21_247,
          2024: 18_488, 2025: 16_805}
KANDAS_CUMULATIVE_END_2025 = 1_164_800  # INSTRUMENTS §13.1 (lada.kz 2026-01-28)
# Origin shares a year (INSTRUMENTS §13.1; 2019-2020 use 2021's).
_MIX_2021 = {"UZB": 0.763, "CHN": 0.094, "TKM": 0.064, "MNG": 0.025, "RUS": 0.027,
             "KGZ": 0.027}
KANDAS_ORIGINS = {
    2019: _MIX_2021, 2020: _MIX_2021, 2021: _MIX_2021,
    2022: {"UZB": 0.687, "CHN": 0.100, "TKM": 0.079, "MNG": 0.046, "RUS": 0.044,
           "KGZ": 0.044},
    2023: {"UZB": 0.519, "CHN": 0.196, "MNG": 0.108, "TKM": 0.085, "RUS": 0.072,
           "KGZ": 0.020},
    2024: {"CHN": 0.456, "UZB": 0.392, "TKM": 0.055, "MNG": 0.054, "RUS": 0.031,
           "KGZ": 0.012},
    2025: {"UZB": 0.445, "CHN": 0.441, "TKM": 0.040, "MNG": 0.030, "RUS": 0.025,
           "KGZ": 0.019},
}
# Kandas who came 1991–2018, by origin (*assumption*, the MLSP's usual 1991–2020 mix).
KANDAS_EARLIER_ORIGINS = {"UZB": 0.617, "CHN": 0.139, "MNG": 0.091, "TKM": 0.067,
                          "RUS": 0.045, "KGZ": 0.041}
# Settlement shares of arrivals, January–April 2023 (migration_indicators_published.csv,
# kandas_settlement_share); the rest goes by quota and population.
KANDAS_SETTLEMENT_2023 = {"190000000": 0.272, "470000000": 0.138, "710000000": 0.110,
                          "750000000": 0.088, "790000000": 0.071, "610000000": 0.064,
                          "310000000": 0.051}
# Regional quotas (kandas_resettler_quotas.csv): totals a year; 2019–2021 *assumption*.
KANDAS_QUOTA = {2019: 1_500, 2020: 1_500, 2021: 1_500, 2022: 1_499, 2023: 1_925,
                2024: 3_033, 2025: 2_309}
EMPLOYMENT_RATE_2021 = 0.80  # indicator 8: working-age kandas and resettlers, baseline

# --- internal resettlers --------------------------------------------------------------
# Persons moved a year: 2025 = 3,488 by 1 Oct × 12/9 (INSTRUMENTS §6); other years
# *assumption* below the quota (2022 6,587; 2023 6,727; 2024 6,450; 2025 7,344).
RESETTLERS = {2019: 4_800, 2020: 3_200, 2021: 4_500, 2022: 5_600, 2023: 6_100,
              2024: 5_900, 2025: 4_651}
RESETTLER_RETURN_RATE = 0.12  # *assumption*: returned within two years

# --- foreign labour -------------------------------------------------------------------
# Employer (LEB) permits issued or extended a year: 2022 13,400, 2023 14,500
# (INSTRUMENTS §7, migration_indicators_published.csv); the rest *assumption* near the
# stock (13,733 May 2024; 14,130 Aug 2025).
WORK_PERMITS = {2019: 23_000, 2020: 14_000, 2021: 13_000, 2022: 13_400, 2023: 14_500,
                2024: 13_700, 2025: 14_100}
# Annual quota (units), INSTRUMENTS §7: 2020 29,292; 2021 29.3 k; 2022 21,100;
# 2023 22,200; 2024 ≈22,000; 2025 14,800 → 19,400 (August); 2019 *assumption*.
WORK_PERMIT_QUOTA = {2019: 29_300, 2020: 29_292, 2021: 29_300, 2022: 21_100, 2023: 22_200,
                     2024: 22_000, 2025: 19_400}
# Permit categories and countries: stock of 1 Aug 2025 (INSTRUMENTS §7, astanatimes).
WORK_PERMIT_CATEGORIES = {"cat1": 549, "cat2": 2_258, "cat3": 3_786, "cat4": 904,
                          "seasonal": 2_889, "ict": 3_744}
WORK_PERMIT_COUNTRIES = {"CHN": 5_120, "UZB": 2_478, "TUR": 1_042, "IND": 1_031,
                         "PAK": 600, "KOR": 500, "GBR": 450, "USA": 400, "ITA": 400,
                         "PHL": 400, "DEU": 350, "FRA": 300, "IRN": 300, "SRB": 250,
                         "VNM": 250, "BGD": 259}
# Household-worker permits a year (INSTRUMENTS §8): 2022 272,002; 2023 295,261;
# 2019 *assumption* from 260,000 in H1 2019; 2020, 2021 *assumption*; 2024, 2025
# *assumption* at 98 % of the quota (3.1 % = 271.3 k; 3.0 %).
HOUSEHOLD_PERMITS = {2019: 450_000, 2020: 190_000, 2021: 230_000, 2022: 272_002,
                     2023: 295_261, 2024: 265_000, 2025: 258_000}
HOUSEHOLD_PERMITS_FLOOR = 1_600_000  # concept §1: "more than 1.6 million permits"
HOUSEHOLD_IIT_MCI = 2  # monthly individual income tax, MCI (INSTRUMENTS §8, 2014 rule)
MCI = {2019: 2_525, 2020: 2_778, 2021: 2_917, 2022: 3_063, 2023: 3_450, 2024: 3_692,
       2025: 3_932}  # INSTRUMENTS §0.2 (2019: budget law 2019)
MONITORING_COVERAGE = {2023: 0.10, 2024: 0.25, 2025: 0.50}  # indicator 6 targets
HOUSEHOLD_COUNTRIES = {"UZB": 0.87, "TJK": 0.08, "AZE": 0.02, "UKR": 0.01, "GEO": 0.01,
                       "MNG": 0.01}
# Issuing a year by month (spring peak): *assumption*.
SEASON = (0.05, 0.06, 0.11, 0.12, 0.11, 0.09, 0.08, 0.08, 0.08, 0.08, 0.07, 0.07)

# --- border crossings of visa-free foreigners (2023–2025) ------------------------------
VISITORS = 2_000_000  # *assumption*: distinct visa-free visitors in three years
VISITOR_COUNTRIES = {"UZB": 0.38, "RUS": 0.25, "KGZ": 0.15, "TJK": 0.05, "CHN": 0.06,
                     "TUR": 0.03, "AZE": 0.02, "BLR": 0.01, "ARM": 0.01, "KOR": 0.01,
                     "DEU": 0.01, "ARE": 0.01, "GEO": 0.01}
EAEU = ("RUS", "KGZ", "BLR", "ARM")  # 90 days in 180; others 30 per entry

# --- citizens working abroad (INSTRUMENTS §12) ----------------------------------------
# Stock in Q1 2023 (sarbaz.kz) and in 2025 (timesca.com), by country.
EMIGRANT_WORKERS_2023 = {"RUS": 162_000, "POL": 13_000, "KOR": 6_000, "GBR": 5_000,
                         "DEU": 3_000, "TUR": 2_000, "ARE": 2_000, "USA": 1_000}
EMIGRANT_WORKERS_2025 = {"RUS": 102_000, "KOR": 15_000, "GBR": 1_000, "POL": 1_000,
                         "DEU": 2_000, "TUR": 2_000, "ARE": 2_000, "USA": 1_000}
KOREA_IRREGULAR_2025 = 11_000

# --- refugees, asylum seekers, stateless (INSTRUMENTS §11) ----------------------------
REFUGEES_END_2025 = 301
ASYLUM_SEEKERS_END_2025 = 265
ASYLUM_APPLICATIONS = {2019: 150, 2020: 120, 2021: 180, 2022: 600, 2023: 500, 2024: 383,
                       2025: 300}  # 2024: 383 (bureau.kz); other years *assumption*
STATELESS = 8_569  # UNHCR, 2022

# --- other volumes (*assumptions*) ----------------------------------------------------
EMPLOYERS = 150_000
APPLICANTS = 20_000
VACANCIES_A_MONTH = 90_000
JOB_SEEKERS = 420_000
LINKAGE_RECORD_SHARE = 0.06  # persons with a record from another source
