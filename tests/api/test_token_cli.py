"""``kosh token create`` issues a working bearer token (run in-process, so the token lives
in the test's transaction)."""

import pytest
from django.test import Client
from typer.testing import CliRunner

from kosh.access.models import ApiToken
from kosh.cli import app

pytestmark = pytest.mark.django_db


def test_token_create_prints_a_token_that_authenticates(zhanna):
    result = CliRunner().invoke(app, ["token", "create", "migration", "--name", "ci"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip()
    row = ApiToken.objects.get(digest=ApiToken.digest_of(raw))
    assert (row.user.username, row.name) == ("migration", "ci")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get(f"/api/persons/{zhanna.pk}", {"purpose": "identity_check"}).status_code == 200


def test_token_for_unknown_user_is_refused():
    result = CliRunner().invoke(app, ["token", "create", "nobody-here"])
    assert result.exit_code == 1
    assert not ApiToken.objects.filter(name="cli").exists()
