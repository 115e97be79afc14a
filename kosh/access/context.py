"""Template context: the current actor, so templates show only what the role may use."""

from django.http import HttpRequest

from .policy import Capability, actor_for


def role(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    actor = actor_for(user)
    return {"actor": actor, "caps": {c.value: actor.can(c) for c in Capability},
            "user_name": user_name(user)}


def user_name(user) -> str:
    """How the console addresses a signed-in user: the name of the person the account
    belongs to (an applicant), else the user's full name, else the username."""
    if user is None or not user.is_authenticated:
        return ""
    person = getattr(user, "person", None)
    return (person.display_name if person is not None else "") or user.get_full_name() \
        or user.get_username()
