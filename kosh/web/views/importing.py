"""Bulk registration from a CSV or XLSX file (checked first, written only if every row is
valid), and the template file."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError
from kosh.identity.importing import COLUMNS, persons_import

from ..forms import ImportForm
from .base import DOMAIN_REFUSED, FORM_INVALID, console_view, form_refused


@console_view
def person_import(request: HttpRequest, actor: Actor) -> HttpResponse:
    actor.require(Capability.IMPORT_PERSONS)
    form = ImportForm(request.POST or None, request.FILES or None)
    report, status = None, 200
    if request.method == "POST":
        status = FORM_INVALID
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = persons_import(
                    actor=actor, file=upload, filename=upload.name,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except DomainError as err:
                form_refused(form, err)
                status = DOMAIN_REFUSED
            else:
                status = 200 if report.ok else DOMAIN_REFUSED
    context = {"form": form, "report": report, "columns": COLUMNS,
               "dry_run": report is not None and form.cleaned_data["dry_run"]}
    return render(request, "web/import.html", context, status=status)


@console_view
def import_template(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The header row of an import file, as CSV."""
    actor.require(Capability.IMPORT_PERSONS)
    response = HttpResponse(",".join(COLUMNS) + "\r\n", content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="kosh-persons-template.csv"'
    return response
