"""The PDF download of an issued document, shared by the console and the API."""

from django.http import HttpResponse

from .models import FrozenDocument, SubjectDocument


def pdf_response(frozen: FrozenDocument) -> HttpResponse:
    """The frozen bytes of an issued document as a download, never cached."""
    response = HttpResponse(bytes(frozen.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{frozen.issued.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def subject_pdf_response(document: SubjectDocument) -> HttpResponse:
    """The frozen bytes of a document issued outside a case as a download, never cached."""
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
