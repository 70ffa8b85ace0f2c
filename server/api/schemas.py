"""Response models shared by several route modules."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel


class UserOut(BaseModel):
    id: UUID
    email: str
    full_name: str
    nicknames: list[str]
    role: str
    department: str | None
    language: str
    timezone: str
    avatar_color: str | None
    is_active: bool
    created_at: datetime
    updated_at: datetime


class Ok(BaseModel):
    ok: bool = True


def user_out(row: object) -> UserOut:
    return UserOut.model_validate(dict(row))  # type: ignore[call-overload]
