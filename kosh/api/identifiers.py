"""Checking an IIN or BIN: what it encodes, or what is wrong with it in the user's language.
Open to every authenticated user; nothing is looked up in the registry."""

from django.http import HttpRequest
from ninja import Router

from kosh.identity.identifier_messages import identifier_error_message
from kosh.identity.identifiers import BINInfo, IdentifierError, identifier_parse

from .schemas import (
    BinValid,
    ErrorOut,
    IdentifierCheck,
    IdentifierInvalid,
    IdentifierText,
    IinValid,
)

router = Router(tags=["identifiers"])


@router.get("/{number}",
            response={200: IdentifierCheck, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def identifier_check(request: HttpRequest, number: IdentifierText) -> IdentifierCheck:
    """Check a 12-digit IIN or BIN. An invalid number is still answered 200, with
    ``valid: false``, a stable ``code`` and a ``message``."""
    try:
        info = identifier_parse(number)
    except IdentifierError as err:
        return IdentifierInvalid(code=err.code, message=identifier_error_message(err))
    if isinstance(info, BINInfo):
        year, month = info.registered
        return BinValid(
            number=info.number, registered=f"{year}-{month:02d}",
            entity_type=info.entity_type, attribute=info.attribute,
        )
    return IinValid(number=info.number, birth_date=info.birth_date, sex=info.sex)
