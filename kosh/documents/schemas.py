"""API shapes of document verification and revocation."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from kosh.api.schemas import RequestSchema


class VerificationOut(Schema):
    """A document found by its number and the holder's date of birth (or token): its
    status, title, the holder's masked name (to compare with the passport), validity and
    whether the stored file's signature validates."""

    number: str
    status: Literal["valid", "revoked", "expired", "not_yet_valid"]
    document: str
    holder: str
    valid_from: date
    valid_to: date
    revoked_on: date | None
    signature: Literal["valid", "invalid", "unsigned"]


class RevocationIn(RequestSchema):
    reason: str = Field(min_length=1, max_length=1000)


class RevocationOut(Schema):
    number: str
    reason: str
    officer: str
    at: datetime
