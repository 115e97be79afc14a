"""The issued document as a printable PDF (WeasyPrint), in the active language."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from .models import IssuedDocument
from .registry import instrument_get


def issued_pdf(issued: IssuedDocument) -> bytes:
    """The visa, card or confirmation with its number, holder, validity and conditions."""
    spec = instrument_get(issued.case.instrument)
    html = render_to_string("cases/issued_document.html", {
        "doc": issued,
        "spec": spec,
        "holder": issued.holder,
        "latin": issued.holder.names.filter(script="latn").first(),
        "conditions": [spec.conditions[c] for c in issued.conditions if c in spec.conditions],
        "printed_at": timezone.localtime(),
    })
    return HTML(string=html).write_pdf()
