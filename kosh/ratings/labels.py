"""Names of the ratings and indicators in the user's language."""

from django.utils.translation import gettext_lazy as _

RATING_LABELS = {
    "key_competences": _("Key competences (deficit occupations by priority)"),
    "demanded_professions": _("Demanded professions"),
    "valuable_skills": _("Valuable skills"),
}
RATING_NOTES = {
    "key_competences": _("Every civilian occupation, weighted towards imbalance (vacancies "
                         "per job seeker, vacancies staying open); its priorities drive the "
                         "foreign-labour quota. Concept Init 7, Act 18."),
    "demanded_professions": _("Managers, professionals and technicians, weighted towards "
                              "the volume of employers' demand now and next year; the list "
                              "of the demanded-professions visa. Concept Act 14."),
    "valuable_skills": _("Professionals, technicians and craft workers, weighted towards "
                         "the price of the skill (wage growth) and reliance on foreign "
                         "workers. Concept Init 10, Act 16."),
}
INDICATOR_LABELS = {
    "vacancy_rate": _("Vacancy rate"),
    "vacancy_duration": _("Vacancy duration (months unfilled)"),
    "vacancies_per_seeker": _("Vacancies per job seeker"),
    "wage_growth": _("Wage growth a year"),
    "foreign_share": _("Share of foreign workers"),
    "employer_demand": _("Employer demand (new vacancies)"),
    "forecast_demand": _("Forecast demand per job seeker"),
}
STAGE_LABELS = {
    "reading": _("Reading the snapshot…"),
    "indicators": _("Computing the indicators…"),
    "ratings": _("Normalising and weighting…"),
    "previous": _("Ranking last year for comparison…"),
    "quotas": _("Proposing the quota…"),
}
