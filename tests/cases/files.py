"""Small files that are what they claim to be, for upload tests."""

import io

from PIL import Image

# One blank page; pypdf rebuilds the cross-reference table it leaves out.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
)


def image(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    """A small picture in ``fmt`` (``PNG`` or ``JPEG``)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(buffer, fmt)
    return buffer.getvalue()


PNG = image("PNG")
JPEG = image("JPEG")
