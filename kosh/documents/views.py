"""The public verification page (no login, rate-limited), the console's revocation action
(with a confirmation step)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kosh.access.policy import AccessDenied, Actor, Capability, actor_for
from kosh.cases.permissions import can_decide
from kosh.cases.selectors import issued_get
from kosh.cases.views.base import case_view, form_refused
from kosh.errors import DomainError

from .forms import RevokeForm, VerifyForm
from .selectors import Verification, document_verify
from .services import document_revoke
from .throttle import TooManyAttempts, verification_throttle


def _page(request: HttpRequest, form: VerifyForm, result: Verification | None = None,
          status: int = 200) -> HttpResponse:
    return render(request, "documents/verify.html", {"form": form, "result": result},
                  status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, number: str = "") -> HttpResponse:
    """``/verify/``: the number and the holder's date of birth; ``/verify/<number>?t=…``: the
    address in the QR code. Found → 200 with the status; anything else → the same 404."""
    token = request.GET.get("t", "")
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
    elif token:
        form = VerifyForm({"number": number, "t": token})
    else:
        return _page(request, VerifyForm(initial={"number": number}))
    if not form.is_valid():
        return _page(request, form, status=422)
    try:
        verification_throttle(request)
    except TooManyAttempts:
        return render(request, "documents/too_many.html", status=429)
    data = form.cleaned_data
    result = document_verify(actor=actor_for(request.user, channel="public"),
                             number=data["number"], birth_date=data["birth_date"],
                             token=data["t"], upload=data["pdf"])
    if not result.found:
        return _page(request, VerifyForm(initial={"number": data["number"]}), result, 404)
    return _page(request, form, result)


@require_POST
@case_view
def revoke(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    """Revoke an issued document: the reason, then a confirmation page, then the service."""
    issued = issued_get(actor=actor, number=number)
    if not can_decide(actor, issued.case):
        raise AccessDenied(Capability.DECIDE_CASES)
    form = RevokeForm(request.POST)
    if form.is_valid() and request.POST.get("confirm") == "yes":
        try:
            document_revoke(actor=actor, document=issued, reason=form.cleaned_data["reason"])
            return redirect("cases:case", case_id=issued.case_id)
        except DomainError as err:
            form_refused(form, err)
    status = 200 if form.is_valid() and not form.errors else 422
    return render(request, "documents/revoke_confirm.html",
                  {"form": form, "issued": issued}, status=status)
