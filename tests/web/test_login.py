"""Signing in and out, and the lock after repeated failures (django-axes)."""

import pytest
from django.conf import settings

from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_lands_on_home(client):
    response = client.post("/login/", {"username": "migration", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_is_refused_in_the_users_language(client):
    client.cookies["django_language"] = "ru"
    response = client.post("/login/", {"username": "migration", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Неверное имя пользователя или пароль. Регистр букв имеет значение."
    ]


def test_sign_out_needs_post(client_as):
    client = client_as("migration")
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_repeated_failures_lock_the_account_with_a_translated_page(client):
    client.cookies["django_language"] = "kk"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "labour", "password": "wrong"})
    response = client.post("/login/", {"username": "labour", "password": DEMO_PASSWORD})
    page = response.content.decode()
    assert response.status_code == 429
    assert 'data-testid="locked"' in page
    assert "Кіру бұғатталды" in page
