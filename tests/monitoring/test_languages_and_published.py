"""The action plan and the indicators in each language (the project's Russian translation
of the measures), and the official published figures beside the computed values, with the
difference, on the dashboard and in the API."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings

from kosh.monitoring.indicators import definitions
from kosh.monitoring.models import IndicatorValue, Measure, Origin
from kosh.monitoring.official import published_values
from kosh.monitoring.plan import body_name, plan_rows

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def test_every_measure_has_russian_text_loaded_by_the_migration():
    rows = plan_rows()
    assert len(rows) == 51
    for r in rows:
        for field in ("direction_ru", "title_ru", "completion_form_ru", "deadline_ru"):
            assert r[field] and any("а" <= ch <= "я" for ch in r[field].lower()), (r, field)
    m = Measure.objects.get(number=40)  # loaded by migrations 0002 and 0003
    assert m.title_ru.startswith("Создание системы учёта и мониторинга внутренней миграции")
    assert (m.text("title", "kk"), m.text("title", "en")) == (m.title_kk, m.title_en)
    assert m.text("deadline", "ru") == m.deadline_ru
    assert [body_name(c, "ru") for c in ("ІІМ", "Еңбекмині", "ПМ")] == ["МВД", "МТСЗН", "ПМ"]


def test_indicator_sources_in_three_languages():
    for ind in definitions().values():
        assert {ind.source("kk"), ind.source("ru"), ind.source("en")} >= {ind.data_source}
        assert len({ind.source("kk"), ind.source("ru"), ind.source("en")}) == 3


@pytest.mark.parametrize("language,title", [
    ("ru", "Создание системы учёта и мониторинга внутренней миграции"),
    ("kk", "Урбанизация үрдісін ескере отырып, ішкі көші-қонды есепке алу"),
    ("en", "Creating a system for recording and monitoring internal migration"),
])
def test_plan_pages_in_each_language(language, title, client_as):
    c = client_as("analyst")
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with time_machine.travel(NOW, tick=False):
        body = c.get("/monitoring/plan/40/").content.decode()
        assert title in body
        assert title in c.get("/monitoring/plan/").content.decode()


def test_published_figures_beside_computed_values(client_as, api_as):
    one = definitions()[1]
    IndicatorValue.objects.create(indicator=1, year=2022, value=-5.0,
                                  origin=Origin.COMPUTED, source="test")
    shown = published_values(one, {2022: -5.0, 2023: 1.0})
    assert [(p.period, p.value, p.whole_year) for p in shown] == [
        ("2022", -6.946, True), ("2023-01..03", 5.016, False), ("2024-01..11", 11.696, False)]
    assert shown[0].difference == pytest.approx(1.946)
    assert shown[1].computed is None and shown[1].difference is None
    assert shown[0].source.startswith("https://liter.kz/")
    assert published_values(definitions()[10]) == []
    with time_machine.travel(NOW, tick=False):
        c = client_as("analyst")
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        page = c.get("/monitoring/").content.decode()
        assert 'data-testid="published"' in page and "разница 1,9" in page
        api = api_as("analyst").get("/api/monitoring/indicators").json()
    published = api[0]["published"]
    assert published[0] == {"period": "2022", "year": 2022, "whole_year": True,
                            "value": -6.946, "source": shown[0].source, "computed": -5.0,
                            "difference": pytest.approx(1.946)}
    assert published[1]["difference"] is None
