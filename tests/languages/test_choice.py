"""The interface language: the first visit takes Kazakh or Russian from the browser
(Russian by default), a signed-in user's choice is stored on the profile and follows them
to the next session; the API follows the request's Accept-Language."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def page_language(response) -> str:
    return response["Content-Language"]


@pytest.mark.parametrize(("header", "language"), [
    ("kk", "kk"), ("kk-KZ,kk;q=0.9,ru;q=0.8", "kk"), ("ru-RU,ru;q=0.9", "ru"),
    ("en-US,en;q=0.9", "ru"), ("de-DE", "ru"), ("", "ru"), ("en-US,kk;q=0.5", "kk"),
])
def test_first_visit_takes_kazakh_or_russian_from_the_browser(header, language):
    response = Client(headers={"Accept-Language": header}).get(reverse("login"))
    assert page_language(response) == language


def test_a_choice_in_the_switcher_beats_the_browser():
    client = Client(headers={"Accept-Language": "kk"})
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert page_language(client.get(reverse("login"))) == "en"


def test_the_users_choice_persists_across_sessions_and_browsers(user_of):
    first = Client(headers={"Accept-Language": "ru"})
    first.force_login(user_of("labour"))
    first.post(reverse("set_language"), {"language": "kk", "next": "/"})
    assert user_of("labour").profile.language == "kk"
    first.post(reverse("logout"))

    # another browser, asking for Russian: after signing in the page is in Kazakh
    second = Client(headers={"Accept-Language": "ru"})
    assert page_language(second.get(reverse("login"))) == "ru"
    response = second.post(reverse("login"), {"username": "labour", "password": DEMO_PASSWORD},
                           follow=True)
    assert page_language(response) == "kk"
    assert second.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    second.post(reverse("logout"))
    assert page_language(second.get(reverse("login"))) == "kk"  # the cookie remembers


def test_a_choice_made_before_signing_in_applies_but_is_not_stored(user_of):
    client = Client(headers={"Accept-Language": "ru"})
    client.post(reverse("set_language"), {"language": "kk", "next": "/login/"})
    response = client.post(reverse("login"), {"username": "akimat", "password": DEMO_PASSWORD},
                           follow=True)
    assert page_language(response) == "kk"
    assert user_of("akimat").profile.language == ""


def test_the_api_follows_accept_language_in_any_offered_language(api_as):
    client = api_as("labour")
    assert client.get("/api/persons/0", headers={"Accept-Language": "en"})["Content-Language"] \
        == "en"
