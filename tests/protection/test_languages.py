"""The asylum unit's pages and the pages about citizens abroad, in Kazakh and Russian, show
no English interface string and no internal code (the check of
tests/languages/test_pages.py, on these pages)."""

import pytest
from django.urls import reverse
from languages.test_pages import problems_on

from kosh.emigrants.models import Complaint
from kosh.protection.models import AsylumApplication, StatelessRecord

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_no_english_words_and_no_codes(language, user_of):
    application = AsylumApplication.objects.order_by("pk").first()  # the demo's files
    complaint = Complaint.objects.order_by("pk").first()
    assert application and complaint and StatelessRecord.objects.exists()
    lists = [reverse("emigrants:complaints"),
             reverse("emigrants:complaint", args=[complaint.pk])]
    pages = {
        "asylum": [reverse("home"), reverse("protection:page"), reverse("protection:register"),
                   reverse("protection:application", args=[application.pk]),
                   reverse("protection:stateless"),
                   reverse("person-card", args=[application.person_id])
                   + "?purpose=case_processing"],
        "labour": [reverse("emigrants:agencies"), reverse("emigrants:work-new"), *lists],
        "embassy": lists,
        "citizen": [reverse("home"), reverse("emigrants:complaint-new"),
                    reverse("emigrants:work-new"), *lists],
        None: [reverse("emigrants:check") + "?q=Silk+Road"],
    }
    problems = problems_on(pages, language, user_of)
    assert problems == {}, "\n".join(f"{page}: {found}" for page, found in problems.items())
