"""``grouped``: a count with its thousands grouped as the active language writes them."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(value: int) -> str:
    """1000000 → "1,000,000" (en) or "1 000 000" (kk, ru)."""
    return number_format(value, use_l10n=True, force_grouping=True)
