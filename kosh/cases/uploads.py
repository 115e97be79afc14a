"""Files sent with an application or to a case: checked by parsing them, not by their name
or their first bytes.

A PDF must open with pypdf, have a page and end where its last ``%%EOF`` says (a PDF with
HTML or anything else glued after it is refused); a PNG or JPEG must decode completely with Pillow,
within a pixel limit (a small file that unpacks into a huge image is refused before it is
decoded). What the file turns out to be sets its content type and the extension of the
name it is stored under."""

import io
import logging
import secrets
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader

from kosh.errors import DomainError

from .statuses import DocumentKind

MAX_FILE_BYTES = 10 * 1024 * 1024
# A scan of an A4 page at 600 dpi is about 35 million pixels.
MAX_IMAGE_PIXELS = 50_000_000
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
PYPDF_LOG = logging.getLogger("pypdf")


@dataclass(frozen=True)
class Upload:
    """A checked file: its kind, the name it is stored and shown under, the content type
    found by parsing it, and the bytes."""

    kind: str
    name: str
    content_type: str
    content: bytes


def upload_check(*, kind: str, name: str, content: bytes, field: str = "file") -> Upload:
    """Accept a PDF, PNG or JPEG of at most 10 MB that parses as what it claims to be.

    The stored name is generated, ``<kind>-<random>.<extension of the type found>`` (for
    example ``passport-3f9c0a1b2d4e5f60.pdf``): the user's own file name (``name``) is not
    kept, so nothing the user typed into a name (paths, markup, control or bidi characters,
    a misleading extension) reaches storage, pages or downloads."""
    if kind not in DocumentKind.values:
        raise DomainError("unknown_document_kind", _("Choose the type of the document."),
                          field="kind")
    if not content:
        raise DomainError("file_empty", _("The file is empty."), field=field)
    if len(content) > MAX_FILE_BYTES:
        raise DomainError("file_too_large", _("The file is larger than 10 MB."), field=field)
    if content.startswith(b"%PDF-"):
        content_type = _pdf_check(content, field)
    else:
        content_type = _image_check(content, field)
    stored = f"{kind}-{secrets.token_hex(8)}.{EXTENSIONS[content_type]}"
    return Upload(kind=kind, name=stored, content_type=content_type, content=content)


def _unreadable(field: str) -> DomainError:
    return DomainError(
        "file_unreadable",
        _("The file could not be opened: it is damaged or not really a PDF, PNG or JPEG."),
        field=field,
    )


def _pdf_check(content: bytes, field: str) -> str:
    """A PDF that pypdf reads (leniently, as viewers do) to at least one page. Whatever the
    parser fails with on a crafted file, the answer is the same refusal."""
    if PYPDF_LOG.level != logging.ERROR:  # setting it clears every logger's cache: once
        PYPDF_LOG.setLevel(logging.ERROR)  # a refusal, not a log line
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception as err:
        raise _unreadable(field) from err
    if encrypted:
        raise DomainError("file_encrypted",
                          _("The PDF is protected by a password; send it without one."),
                          field=field)
    if pages < 1 or content[content.rfind(b"%%EOF") + 5:].strip(b" \t\r\n\x00\x0c"):
        raise _unreadable(field)  # no page, or something else glued after the PDF's end
    return "application/pdf"


def _image_check(content: bytes, field: str) -> str:
    """A PNG or JPEG that Pillow identifies, verifies and decodes to the last pixel, of at
    most ``MAX_IMAGE_PIXELS``, checked before any pixel is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format not in IMAGE_TYPES:
                    raise DomainError("file_type",
                                      _("Only PDF, PNG or JPEG files are accepted."),
                                      field=field)
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise DomainError(
                        "image_too_large",
                        _("The image has more than %(mp)s million pixels.")
                        % {"mp": MAX_IMAGE_PIXELS // 1_000_000},
                        field=field,
                    )
                content_type = IMAGE_TYPES[image.format]
                image.verify()  # chunk checksums and structure
            with Image.open(io.BytesIO(content)) as image:
                image.load()  # every pixel decodes: a truncated file fails here
    except DomainError:
        raise
    except Image.UnidentifiedImageError as err:
        raise DomainError("file_type", _("Only PDF, PNG or JPEG files are accepted."),
                          field=field) from err
    except Exception as err:
        raise _unreadable(field) from err
    return content_type
