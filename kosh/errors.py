"""Domain errors: a stable code, a message in the user's language, and the field at fault."""

from django.utils.functional import Promise


class DomainError(Exception):
    """A refused request. ``message`` is a lazily translated string; ``field`` names the
    form or API field at fault (empty for the whole request); ``rows`` carries a row-level
    report for imports."""

    def __init__(
        self, code: str, message: str | Promise, *, field: str = "", rows: list | None = None
    ) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
        self.rows = rows or []
