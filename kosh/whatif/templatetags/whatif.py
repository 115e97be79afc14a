"""``grouped``: a count with its thousands grouped as the active language writes them."""

from django import template

from kosh.whatif.labels import number_label

register = template.Library()


@register.filter
def grouped(value: int) -> str:
    """1000000 → "1,000,000" (en) or "1 000 000" (kk, ru)."""
    return number_label(value)
