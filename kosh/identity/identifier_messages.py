"""Messages for malformed IINs and BINs in the user's language, by error code."""

from django.utils.translation import gettext_lazy as _

from .identifiers import IdentifierError

MESSAGES = {
    "length": _("An IIN/BIN has 12 digits; this one has %(length)s."),
    "not_digits": _(
        "An IIN/BIN contains digits only; “%(char)s” at position %(position)s is not a digit."
    ),
    "century_sex": _("Digit 7 is %(digit)s, but must be 1–6 (century and sex)."),
    "date": _("%(value)s is not a valid date of birth."),
    "checksum": _("The check digit is %(actual)s; %(expected)s was expected."),
    "never_issued": _("No check digit is valid for %(prefix)s, so this number is never issued."),
    "bin_type": _("Digit 5 of a BIN is %(digit)s, but must be 4, 5 or 6 (type of entity)."),
    "bin_attribute": _("Digit 6 of a BIN is %(digit)s, but must be 0–3 (attribute)."),
    "bin_month": _("Digits 3–4 of a BIN are %(month)s, but must be a month (01–12)."),
}


def identifier_error_message(err: IdentifierError) -> str:
    """Translate an identifier error; unknown codes fall back to the English message."""
    template = MESSAGES.get(err.code)
    if template is None:
        return err.message
    try:
        return str(template) % err.params
    except (KeyError, TypeError):
        return err.message
