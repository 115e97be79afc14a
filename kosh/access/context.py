"""Template context: the current actor, so templates show only what the role may use."""

from django.http import HttpRequest

from .policy import Capability, actor_for


def role(request: HttpRequest) -> dict:
    actor = actor_for(getattr(request, "user", None))
    return {"actor": actor, "caps": {c.value: actor.can(c) for c in Capability}}
