"""Login lockout (django-axes): failures are counted per username from any address and per
address for any username; X-Forwarded-For counts only when it comes from a trusted proxy."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings

from kosh.access.throttle import client_address
from kosh.synth.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(username: str, password: str, address: str, **headers: str) -> int:
    client = Client(REMOTE_ADDR=address, headers=headers)
    return client.post("/login/", {"username": username, "password": password}).status_code


def test_a_username_is_locked_whatever_the_address():
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in("labour", "wrong", f"203.0.113.{i % 2 + 1}")  # two addresses
    assert sign_in("labour", DEMO_PASSWORD, "198.51.100.9") == 429
    assert sign_in("migration", DEMO_PASSWORD, "198.51.100.9") == 302


def test_an_address_is_locked_whatever_the_username():
    names = ["labour", "embassy", "akimat", "employer", "analyst"]
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(names[i % len(names)], "wrong", "203.0.113.7")
    assert sign_in("migration", DEMO_PASSWORD, "203.0.113.7") == 429
    assert sign_in("migration", DEMO_PASSWORD, "203.0.113.8") == 302


def test_the_lock_page_says_how_long_in_the_users_language():
    client = Client(REMOTE_ADDR="203.0.113.20")
    client.cookies["django_language"] = "ru"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "auditor", "password": "wrong"})
    page = client.post("/login/", {"username": "auditor", "password": "wrong"}).content.decode()
    assert "Вход заблокирован после 5 неудачных попыток." in page
    assert "Подождите 60 минут" in page


def test_forwarded_for_is_ignored_without_a_trusted_proxy():
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(f"nobody{i}", "wrong", "203.0.113.30", X_Forwarded_For=f"192.0.2.{i}")
    assert sign_in("migration", DEMO_PASSWORD, "203.0.113.30",
                   X_Forwarded_For="192.0.2.200") == 429


@override_settings(KOSH_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_trusted_proxy_names_the_client():
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(f"nobody{i}", "wrong", "10.0.0.2", X_Forwarded_For="192.0.2.40")
    assert sign_in("migration", DEMO_PASSWORD, "10.0.0.2",
                   X_Forwarded_For="192.0.2.40") == 429
    assert sign_in("migration", DEMO_PASSWORD, "10.0.0.2",
                   X_Forwarded_For="192.0.2.41") == 302


@pytest.mark.parametrize(("remote", "forwarded", "expected"), [
    ("203.0.113.5", "192.0.2.1", "203.0.113.5"),  # not a proxy: the header is ignored
    ("10.0.0.2", "", "10.0.0.2"),
    ("10.0.0.2", "192.0.2.1", "192.0.2.1"),
    ("10.0.0.2", "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # the client's own claim is not read
    ("10.0.0.2", "192.0.2.1, 10.0.0.3", "192.0.2.1"),  # two proxies
    ("10.0.0.2", "garbage", "10.0.0.2"),
    ("10.0.0.2", "10.0.0.9", "10.0.0.9"),
])
def test_client_address(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(KOSH_TRUSTED_PROXIES=["10.0.0.0/8"]):
        assert client_address(request) == expected
