"""The role-aware start page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kosh.access.policy import Actor
from kosh.access.roles import Role

from .base import console_view

# Roles with a single task start on that task's page.
ROLE_START = {Role.ANALYST: "stats", Role.AUDITOR: "audit"}


@console_view
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.role in ROLE_START:
        return redirect(ROLE_START[actor.role])
    return render(request, "web/home.html")
