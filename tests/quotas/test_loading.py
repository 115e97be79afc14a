"""The published kandas and resettler quotas and the baseline method."""

from datetime import date

import pytest

from kosh.access.policy import system_actor
from kosh.quotas.baseline import apportion, baseline_proposals
from kosh.quotas.loading import quota_versions, quotas_load
from kosh.quotas.models import QuotaAccount, QuotaSet


def test_the_file_gives_2024_kandas_as_two_versions():
    versions = {(v.year, v.kind, v.version): v for v in quota_versions()}
    first, amended = versions[2024, "kandas", 1], versions[2024, "kandas", 2]
    assert (first.effective_from, sum(ln.amount for ln in first.lines)) == (
        date(2024, 1, 14), 2433)
    assert (amended.effective_from, sum(ln.amount for ln in amended.lines)) == (
        date(2024, 8, 24), 3033)
    assert sum(ln.amount for ln in versions[2026, "kandas", 1].lines) == 2281
    resettlers_2025 = versions[2025, "resettlers", 1].lines
    assert sum(ln.amount for ln in resettlers_2025) == 7344
    assert [ln.amount for ln in resettlers_2025 if ln.region == ""] == [790]
    assert (2023, "kandas", 2) not in versions  # the conflicting figure is not loaded


@pytest.mark.django_db
def test_load_is_idempotent_and_publishes_the_amendment():
    added = quotas_load(actor=system_actor())
    assert added == 12 and quotas_load(actor=system_actor()) == 0
    sets = QuotaSet.objects.filter(year=2024, kind="kandas").order_by("version")
    assert [s.status for s in sets] == ["superseded", "published"]
    assert QuotaAccount.objects.get(year=2024, kind="kandas", region="").amount == 3033
    assert QuotaAccount.objects.get(year=2026, kind="kandas", region="550000000").amount == 977


def test_baseline_reproduces_the_2026_order():
    lines = baseline_proposals(2026)
    labour = {ln.category: ln.amount for ln in lines if ln.kind == "foreign_labour"}
    assert labour == {"1": 726, "2": 3402, "3": 5893, "4": 3131, "seasonal": 4994}
    (household,) = [ln for ln in lines if ln.kind == "household_workers"]
    assert household.amount == round(7_258_400 * 0.029)
    assert "0.2500%" in lines[0].basis


def test_baseline_of_2025_follows_the_august_raise():
    january = sum(ln.amount for ln in baseline_proposals(2025) if ln.kind == "foreign_labour")
    august = sum(ln.amount for ln in baseline_proposals(2025, date(2025, 8, 1))
                 if ln.kind == "foreign_labour")
    assert (january, august) == (14_800, 18_500)


def test_apportion_keeps_the_total():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(apportion(18_146, [0.1, 0.3, 0.6])) == 18_146


@pytest.mark.django_db
def test_load_is_all_or_nothing(tmp_path):
    from kosh.errors import DomainError
    from kosh.quotas.loading import DATA

    broken = tmp_path / "quotas.csv"
    broken.write_text(DATA.read_text(encoding="utf-8")
                      + "2026,kandas,999999999,Nowhere,5,https://example.org,\n",
                      encoding="utf-8")
    with pytest.raises(DomainError) as err:
        quotas_load(actor=system_actor(), path=broken)
    assert err.value.code == "unknown_region"
    assert not QuotaSet.objects.exists() and not QuotaAccount.objects.exists()


@pytest.mark.django_db
def test_exports_are_labelled_in_each_language():
    import io

    from django.utils import translation
    from openpyxl import load_workbook

    from kosh.quotas.exports import quota_set_csv, quota_set_xlsx

    quotas_load(actor=system_actor())
    published = QuotaSet.objects.get(year=2026, kind="kandas")
    for lang, word, region in (("kk", "Квота", "Павлодар облысы"),
                               ("ru", "Квота", "Павлодарская область"),
                               ("en", "Quota", "Pavlodar Region")):
        with translation.override(lang):
            text = quota_set_csv(published).decode("utf-8-sig")
            book = load_workbook(io.BytesIO(quota_set_xlsx(published)))
        assert text.startswith(word) and region in text, lang
        assert published.sha256 in text
        assert [c.value for c in book.worksheets[1]["C"]][1:].count(None) == 0
