"""Every main page of every role, rendered in Kazakh and Russian with the demo data (and a
submitted application, an edit of a record), shows no English interface string and no
internal code.

The maintained list of the interface's English strings is the English catalogue itself:
every msgid whose Kazakh or Russian translation differs from it (a message that reads the
same in all languages, such as "Neo Nomad" or "PDF", is not English on the page). Besides,
no page may show a code: a snake_case word (``under_review``), a Python value (``True``,
``['investment_proof']``)."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from cases.conftest import aziz, docs, neo_nomad_data, ready, submitted, under_review  # noqa: F401
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kosh.access.roles import Purpose
from kosh.cases.demo import review_complete
from kosh.cases.issuing import case_decide
from kosh.identity.services import category_add, document_add

from .catalogues import catalogue

pytestmark = pytest.mark.django_db

ROLES = ("admin", "migration", "labour", "embassy", "akimat", "employer", "applicant",
         "analyst", "auditor")

# Words that are the same in every language of the interface (names, abbreviations), or
# English words that are data, not interface (the demo's employer name).
SAME_EVERYWHERE = {"Kosh", "Neo Nomad", "IIN", "PDF", "API", "CSV", "Excel", "USD", "EUR",
                   "QR", "SHA-256", "OpenFisca", "Self-employed", "ID", "KZ",
                   "Neo Nomad Visa"}  # the decree's name for it, in Latin letters in kk too

CODES = [
    re.compile(r"(?<![\w/.-])[a-z]+(?:_[a-z0-9]+)+(?![\w/.-])"),  # snake_case codes
    re.compile(r"\b(?:True|False|None)\b"),
    re.compile(r"\[\s*'"),  # a Python list
]


class VisibleText(HTMLParser):
    """The text a person sees or hears on a page: text nodes (not scripts or styles) and
    the attributes read out (title, placeholder, aria-label, alt, button values). An element
in another language (``lang="en"`` in the switcher) or marked ``translate="no"`` (usernames,
the column names of an import file) is left out."""

    ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.parts: list[str] = []
        self.hidden = 0
        self.foreign: list[str] = []  # open elements in another language (lang="en")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.foreign or values.get("lang", self.language) != self.language \
                or values.get("translate") == "no":
            # the switcher names each language in itself; usernames are not translated
            self.foreign.append(tag)
            return
        if tag in ("script", "style", "template"):
            self.hidden += 1
        self.parts += [values[a] or "" for a in self.ATTRIBUTES if a in values]
        if tag == "input" and values.get("type") in ("submit", "button"):
            self.parts.append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if self.foreign:
            if tag == self.foreign[-1]:
                self.foreign.pop()
            return
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and not self.foreign:
            self.parts.append(data)


def visible_text(html: str, language: str) -> str:
    parser = VisibleText(language)
    parser.feed(html)
    return "\n".join(p for p in parser.parts if p.strip())


def english_strings(language: str) -> list[re.Pattern]:
    """Patterns of the English interface strings: each msgid (its pieces between
    placeholders and tags) whose translation into ``language`` reads differently."""
    translated = {(e.context, e.msgid): e.msgstr for e in catalogue(language)}
    pieces: set[str] = set()
    for entry in catalogue("en"):
        if translated.get((entry.context, entry.msgid)) == [entry.msgid]:
            continue  # the same in both languages
        for piece in re.split(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\{\w*\}|[.:;,!?()«»\"“”]",
                              entry.msgid):
            piece = piece.strip()
            if re.search(r"[A-Za-z]{3}", piece) and piece not in SAME_EVERYWHERE \
                    and not re.fullmatch(r"[A-Z0-9-]+", piece):  # codes such as KAZ, KATO
                pieces.add(piece)
    return [re.compile(r"(?<![\w-])" + re.escape(p) + r"(?![\w-])") for p in sorted(pieces)]


@pytest.fixture
def pages(submitted, aziz, user_of, actor_of) -> dict[str, list[str]]:  # noqa: F811
    """The pages each role opens (a page a role may not open is skipped by status), with
    Aziz's application submitted and his record corrected."""
    return _pages(submitted, aziz, actor_of)


@pytest.fixture
def decided_pages(under_review, user_of, aziz, actor_of) -> dict[str, list[str]]:  # noqa: F811
    """The same with the application reviewed (documents confirmed, contradictions with
    the registry resolved) and approved by an officer working in English."""
    with translation.override("en"):
        ready = review_complete(under_review, user_of("embassy"))
        case_decide(case=ready, actor=actor_of("embassy"), outcome="approved")
    return _pages(ready, aziz, actor_of)


def _pages(case, aziz, actor_of) -> dict[str, list[str]]:  # noqa: F811
    admin = actor_of("admin")
    category_add(actor=admin, person=aziz, category="kandas", valid_from=date(2020, 1, 1),
                 purpose=Purpose.CASE_PROCESSING)
    document_add(actor=admin, person=aziz, kind="passport", number="FA1234567",
                 issuing_country="UZB", issued_on=date(2020, 1, 1),
                 expires_on=date(2030, 1, 1), purpose=Purpose.CASE_PROCESSING)
    card = reverse("person-card", args=[aziz.pk]) + f"?purpose={Purpose.CASE_PROCESSING}"
    officer = [reverse("home"), reverse("person-search") + "?q=Каримов", card,
               reverse("person-create"), reverse("person-edit", args=[aziz.pk]),
               reverse("person-sensitive", args=[aziz.pk]),
               reverse("cases:queue"), reverse("cases:case", args=[case.pk]),
               reverse("cases:register")]
    monitoring = [reverse("monitoring:page"), reverse("monitoring:flows"),
                  reverse("monitoring:plan"), reverse("monitoring:measure", args=[1]),
                  reverse("monitoring:measure", args=[50])]
    return {
        "admin": [*officer, reverse("person-import"), reverse("audit"), reverse("stats"),
                  reverse("whatif:page")],
        "migration": [*officer, reverse("stats"), *monitoring],
        "labour": officer,
        "embassy": officer,
        "akimat": officer,
        "employer": officer,
        "applicant": [reverse("home"), reverse("cases:mine"), reverse("cases:apply"),
                      reverse("cases:apply-form", args=["neo_nomad"]), card,
                      reverse("cases:case", args=[case.pk])],
        "analyst": [reverse("stats"), reverse("whatif:page"), *monitoring],
        "auditor": [reverse("audit")],
        None: [reverse("login"), reverse("documents:verify")],
    }


def leaks(text: str, patterns: list[re.Pattern]) -> list[str]:
    """Each English string or code found, with the words around it."""
    found = {}
    for pattern in patterns:
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - 30):match.end() + 30].replace("\n", " ")
            found.setdefault(match.group(0), f"{match.group(0)!r} in …{around}…")
    return sorted(found.values())


def problems_on(pages: dict, language: str, user_of) -> dict[str, list[str]]:
    """Each page (as "role url") with the English strings and codes it shows."""
    english = english_strings(language)
    problems: dict[str, list[str]] = {}
    for role, urls in pages.items():
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if role:
            client.force_login(user_of(role))
        for url in urls:
            response = client.get(url, follow=True)
            if response.status_code != 200:
                continue
            text = visible_text(response.content.decode(), language)
            found = leaks(text, english) + leaks(text, CODES)
            if found:
                problems[f"{role} {url}"] = found
    return problems


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_no_english_words_and_no_codes_on_any_page(language, pages, user_of):
    problems = problems_on(pages, language, user_of)
    assert problems == {}, "\n".join(f"{page}: {found}" for page, found in problems.items())


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_no_english_words_on_the_pages_of_a_decided_application(language, decided_pages,
                                                                user_of):
    problems = problems_on(decided_pages, language, user_of)
    assert problems == {}, "\n".join(f"{page}: {found}" for page, found in problems.items())
