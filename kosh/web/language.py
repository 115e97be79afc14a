"""The interface language: chosen once, remembered per user (docs/languages.md).

The language of a request is, in order: the language a signed-in user chose (stored on
``Profile.language``), the language chosen in this browser (the language cookie, set by
the switcher), the first of Kazakh or Russian the browser asks for (Accept-Language), and
Russian. English is offered by the switcher but never picked from the browser: a visitor
whose browser asks for English (or any other language) gets Russian until they choose.

The REST API (``/api/``) answers programs, not browsers: its messages follow the request's
Accept-Language among all three languages (Russian when none is asked for), and neither the
cookie nor the profile applies."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

FROM_BROWSER = ("kk", "ru")  # the languages a first visit may be given
OFFERED = {code for code, _name in settings.LANGUAGES}


def language_of_user(user) -> str:
    """The language a signed-in user chose, or "" if none (or not signed in)."""
    if user is None or not user.is_authenticated:
        return ""
    profile = getattr(user, "profile", None)
    language = profile.language if profile is not None else ""
    return language if language in OFFERED else ""


def language_from_browser(accept_language: str, among=FROM_BROWSER) -> str:
    """The first language of ``among`` in an Accept-Language header (``kk-KZ`` counts as
    Kazakh), else Russian."""
    for tag, _quality in parse_accept_lang_header(accept_language):
        code = tag.split("-")[0].lower()
        if code in among:
            return code
    return settings.LANGUAGE_CODE


def language_choose(request: HttpRequest) -> str:
    """The language of a request (see the module's docstring)."""
    if request.path.startswith("/api/"):
        return language_from_browser(request.headers.get("Accept-Language", ""), OFFERED)
    chosen = language_of_user(getattr(request, "user", None))
    if chosen:
        return chosen
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in OFFERED:
        return cookie
    return language_from_browser(request.headers.get("Accept-Language", ""))


class LanguageMiddleware:
    """Activates the request's language (in place of Django's LocaleMiddleware, and after
    the authentication middleware, so a signed-in user's choice applies). A signed-in
    user's choice is also written to the language cookie, so the sign-in page after
    signing out keeps speaking their language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        language = language_choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        chosen = "" if request.path.startswith("/api/") else \
            language_of_user(getattr(request, "user", None))
        if chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen \
                and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            language_cookie_set(response, chosen)
        return response


def language_cookie_set(response: HttpResponseBase, language: str) -> None:
    """Remember ``language`` in this browser (as Django's set_language does)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's set_language (cookie, redirect back), and for a
    signed-in user the choice stored on their profile, so it follows them to any browser
    and any later session."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    if language in OFFERED and profile is not None and profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])
    return response


@receiver(user_logged_in)
def language_apply_at_sign_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """At sign-in the user's stored choice applies at once (the redirect after sign-in
    already carries the cookie, see ``LanguageMiddleware``). A language picked in this
    browser before signing in keeps applying to a user who has no choice stored, but is
    not stored: only a choice made while signed in is the user's."""
    language = language_of_user(user)
    if request is not None and language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
