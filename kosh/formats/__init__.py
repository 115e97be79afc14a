"""Date and number formats of the interface languages (settings.FORMAT_MODULE_PATH).

Django ships formats for Russian and English but none for Kazakh; ``kk/formats.py`` gives
Kazakh the conventions of Kazakhstan (dd.mm.yyyy, "3 500,00": a no-break space between
thousands, a decimal comma). ``ru`` and ``en`` add the date forms people type to Django's
own. ``money`` and ``date_range`` are the helpers pages and explanations use."""

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext


def money(amount: float, currency: str = "") -> str:
    """An amount with two decimals and grouped thousands in the active language
    ("3 500,00 USD" in kk and ru, "3,500.00 USD" in en)."""
    text = number_format(amount, 2, force_grouping=True)
    return f"{text} {currency}" if currency else text


def short_date(day: date) -> str:
    """A date as the active language writes it in a sentence (dd.mm.yyyy): messages name
    dates this way, never as ISO yyyy-mm-dd, so a page shows one date format."""
    return date_format(day, "SHORT_DATE_FORMAT")


def date_range(start: date | None, end: date | None) -> str:
    """A period in words and in each language's word order: "04.10.2009 бастап
    04.10.2010 дейін" (kk), "с 04.10.2009 по 04.10.2010" (ru), "from … to …" (en); an open
    end reads "from … on"."""
    start_text = date_format(start, "SHORT_DATE_FORMAT") if start else ""
    end_text = date_format(end, "SHORT_DATE_FORMAT") if end else ""
    if start and end:
        return gettext("from %(start)s to %(end)s") % {"start": start_text, "end": end_text}
    if start:
        return gettext("from %(start)s on") % {"start": start_text}
    if end:
        return gettext("until %(end)s") % {"end": end_text}
    return ""
