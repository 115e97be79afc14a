"""The PDF download of an issued document, shared by the console and the API."""

from django.http import HttpResponse

from .models import FrozenDocument


def pdf_response(frozen: FrozenDocument) -> HttpResponse:
    """The frozen bytes of an issued document as a download, never cached."""
    response = HttpResponse(bytes(frozen.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{frozen.issued.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
