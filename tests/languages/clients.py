"""Test clients in a chosen interface language."""

from django.conf import settings
from django.test import Client


def in_language(client: Client, language: str) -> Client:
    """The client with the interface language chosen (the switcher's cookie): a browser's
    Accept-Language alone gives Kazakh or Russian only (kosh.web.language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
