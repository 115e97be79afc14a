"""Bearer-token authentication for the API; the token's user gets the same role scoping
as in the console."""

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from kosh.access.models import ApiToken


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: a token that is not revoked, of an active user."""

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        row = (
            ApiToken.objects.select_related("user", "user__profile")
            .filter(digest=ApiToken.digest_of(token), revoked=False, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        request.user = row.user
        return row.user
