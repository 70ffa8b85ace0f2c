"""Opaque cursors for keyset pagination, and the page envelope every list returns."""

from __future__ import annotations

import base64
import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from server.errors import ApiError

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(default=None, description="pass as ?cursor= for the next page")


class PageQuery(BaseModel):
    cursor: str | None = Field(default=None, max_length=500)
    limit: int = Field(default=50, ge=1, le=200)


def encode_cursor(*values: Any) -> str:
    raw = json.dumps([str(v) if not isinstance(v, int | float | str) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, *types: Any) -> tuple[Any, ...] | None:
    """Decode a cursor into values converted by `types` (e.g. str, UUID, datetime.fromisoformat)."""
    if not cursor:
        return None
    bad = ApiError(400, "invalid_cursor", "The cursor is not one this server issued")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(values, list) or len(values) != len(types):
            raise bad
        return tuple(t(v) for t, v in zip(types, values, strict=True))
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError):  # UUID(5) raises AttributeError
        raise bad from None


def page(rows: list[Any], limit: int, to_item: Any, key: Any) -> dict[str, Any]:
    """Build a page from `limit + 1` fetched rows: the extra row proves there is a next page."""
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [to_item(r) for r in rows],
        "next_cursor": encode_cursor(*key(rows[-1])) if more and rows else None,
    }
