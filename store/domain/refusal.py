"""Why the domain said no: one code per rule, the same on every path."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """A rule refused the change. `status` is the HTTP status REST answers with; `code` is stable.

    A 404 (`not_found`) names the kind of thing that is missing or invisible in `entity`; commands
    report it as `unknown_<entity>`, the word the parser uses for a name it cannot resolve.
    """

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None,
                 *, entity: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}
        self.entity = entity

    @property
    def command_code(self) -> str:
        """The code a command's failure carries."""
        if self.status == 404 and self.entity:
            return f"unknown_{self.entity}"
        return self.code


def absent(entity: str, ident: object) -> Refused:
    """Missing, or invisible to the actor: the same answer, never a 403."""
    return Refused(404, "not_found", f"{entity.capitalize()} not found", {"id": str(ident)}, entity=entity)


def forbidden(message: str, details: dict[str, Any] | None = None) -> Refused:
    return Refused(403, "forbidden", message, details)
