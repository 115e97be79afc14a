"""Numbers as people type them in Kazakh, Russian and English, read exactly or refused.

:func:`number_parse` reads digits grouped by thousands with a space (also the no-break
spaces U+00A0 and U+202F, as Kazakh and Russian texts print them) or with commas (English),
and a decimal part after a comma (Kazakh, Russian) or a point. A single comma or point
followed by exactly three digits ("2,000", "2.000") is read by English convention in English
(grouping after a comma, decimal after a point); in Kazakh and Russian, where the comma is
the decimal mark but some write a point between thousands, it is refused as ambiguous
rather than read as 2. Anything else — letters, exponents, ``inf``, misplaced groups
("2,000,5") — is refused with a :class:`NumberError` whose message says what to type."""

import re
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SPACES = " \u00a0\u202f\u2009"
MINUS = "-\u2212"
MAX_DIGITS = 15
_GROUPED = {sep: re.compile(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+") for sep in " ,"}


class NumberError(ValueError):
    """Text that is not a number in the accepted formats; ``message`` is translated."""

    def __init__(self, message: Promise) -> None:
        super().__init__(str(message))
        self.message = message


def _whole(text: str, separator: str) -> str:
    """Digits of an integer part, grouped by ``separator`` or not grouped at all."""
    if text.isdigit() and text.isascii():
        return text
    if separator and _GROUPED[separator].fullmatch(text):
        return text.replace(separator, "")
    raise NumberError(_("Group digits by three: 2 000 or 2,000."))


def number_parse(text: str, *, language: str = "en", negative: bool = False) -> Decimal:
    """The number ``text`` means in ``language`` (``kk``, ``ru`` or ``en``); raises
    :class:`NumberError` when it is malformed, ambiguous, negative (unless ``negative``)
    or has more than 15 significant digits."""
    raw = text.strip()
    for space in SPACES:
        raw = raw.replace(space, " ")
    sign = 1
    if raw[:1] and raw[0] in MINUS:
        sign, raw = -1, raw[1:].lstrip()
        if not negative:
            raise NumberError(_("Enter a number that is not negative."))
    if not raw or not set(raw) <= set("0123456789 ,."):
        raise NumberError(_("Enter a number, for example 2 000 or 2000,50."))
    english = (language or "en")[:2] == "en"
    whole, fraction = raw, ""
    if " " in raw:  # spaces group; a comma or a point is the decimal mark
        whole, mark, fraction = _split_decimal(raw)
        whole = _whole(whole, " ")
    elif "," in raw and "." in raw:  # English: 2,000.50
        whole, _mark, fraction = raw.rpartition(".")
        whole = _whole(whole, ",")
    elif raw.count(",") > 1:  # only grouping can repeat: 2,000,000
        whole = _whole(raw, ",")
    elif "," in raw or "." in raw:
        whole, mark, fraction = _split_decimal(raw)
        if len(fraction) == 3 and whole.isdigit() and len(whole) <= 3 and whole != "0":
            if not english:
                raise NumberError(_("Ambiguous: write 2000 or 2 000 for two thousand, "
                                    "2,5 for two and a half."))
            if mark == ",":  # 2,000 is two thousand in English, 2.000 is two
                whole, fraction = whole + fraction, ""
    if not (whole.isdigit() and whole.isascii()) or not (
            fraction == "" or (fraction.isdigit() and fraction.isascii())):
        raise NumberError(_("Enter a number, for example 2 000 or 2000,50."))
    if len(whole.lstrip("0")) + len(fraction.rstrip("0")) > MAX_DIGITS:
        raise NumberError(_("This number is too large."))
    return sign * Decimal(f"{whole}.{fraction or 0}")


def _split_decimal(raw: str) -> tuple[str, str, str]:
    """``raw`` split at its one decimal mark (a comma or a point), if any."""
    marks = [i for i, c in enumerate(raw) if c in ",."]
    if not marks:
        return raw, "", ""
    if len(marks) > 1:
        raise NumberError(_("Use one decimal mark: 2000,50 or 2000.50."))
    i = marks[0]
    if i == 0 or i == len(raw) - 1:
        raise NumberError(_("Enter a number, for example 2 000 or 2000,50."))
    return raw[:i], raw[i], raw[i + 1:]
