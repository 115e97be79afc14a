"""Shared fixtures. The test database gets the reference data and a small demo dataset
once per session; each test then runs in a transaction that is rolled back."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from kosh.access.models import ApiToken
from kosh.access.policy import Actor, actor_for
from kosh.documents.signing import signing_keys_make
from kosh.geo.loading import geo_load
from kosh.occupations.loading import occupations_load
from kosh.synth.demo import demo_load

DEMO_PERSONS = 80


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    signing_keys_make(Path(settings.KOSH_SIGNING_DIR))  # as `kosh documents keys` does
    with django_db_blocker.unblock():
        geo_load()
        occupations_load()
        demo_load(persons=DEMO_PERSONS)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """``@pytest.mark.postgres``: the test needs what only PostgreSQL has — writers racing on
    connections of their own (SQLite serialises the whole file), the audit log's refusing
    trigger, prepared statements. The suite runs on PostgreSQL (`make test`,
    scripts/run-tests); run on another database such a test fails, saying so, rather than
    passing unseen."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if item.get_closest_marker("postgres") and "postgresql" not in engine:
        pytest.fail(f"needs PostgreSQL (run it with make test or scripts/run-tests); "
                    f"this run uses {engine}", pytrace=False)


@pytest.fixture
def user_of(db):
    """The demo user with this username (admin, migration, labour, embassy, akimat,
    employer, applicant, analyst, auditor)."""
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def actor_of(user_of):
    def make(username: str, channel: str = "console") -> Actor:
        return actor_for(user_of(username), channel=channel)

    return make


@pytest.fixture
def client_as(user_of):
    """A console client logged in as a demo user."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(user_of(username))
        return client

    return make


@pytest.fixture
def api_as(user_of):
    """An API client sending a fresh bearer token of a demo user."""

    def make(username: str) -> Client:
        _, raw = ApiToken.issue(user=user_of(username), name="test")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


@pytest.fixture(scope="session")
def spark_con():
    """An Ibis connection on one local Spark session for the whole test run (the JVM
    starts once, about 10 s); mark tests using it with ``pytest.mark.spark``."""
    from kosh.analytics.backends import spark_connect, spark_session

    yield spark_connect()
    spark_session().stop()
