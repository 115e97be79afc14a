"""How the API renders its answers: JSON with Kazakh and Russian text as written, and
``answer`` for an answer an operation has already built as its schema."""

from django.http import HttpRequest, HttpResponse
from ninja.renderers import JSONRenderer
from pydantic import BaseModel


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Kazakh and Russian text as written, not as ``\\u`` escapes."""

    json_dumps_params = {"ensure_ascii": False}


RENDERER = UnicodeJSONRenderer()
CONTENT_TYPE = f"{RENDERER.media_type}; charset={RENDERER.charset}"


def answer(request: HttpRequest, status: int, body: BaseModel) -> HttpResponse:
    """``body``, built and so validated as its schema, rendered as every answer of the API
    is. Ninja validates an answer once more when its status declares a choice of schemas
    (``A | B``), wrapping and converting every nested value again; an operation that built
    its answer itself returns it through here instead."""
    return HttpResponse(RENDERER.render(request, body.model_dump(), response_status=status),
                        status=status, content_type=CONTENT_TYPE)
