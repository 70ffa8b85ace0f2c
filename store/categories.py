"""Categories: Marketing, Finance, … with a colour and an icon."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from store.unit import Unit

COLUMNS = "id, name, color, icon, description, created_at, updated_at"


async def all(conn: asyncpg.Connection | asyncpg.Pool) -> list[asyncpg.Record]:
    return await conn.fetch(f"SELECT {COLUMNS} FROM categories ORDER BY name")


async def get(conn: asyncpg.Connection | asyncpg.Pool, category_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {COLUMNS} FROM categories WHERE id = $1", category_id)


async def create(uow: Unit, fields: dict[str, Any]) -> asyncpg.Record:
    row = await uow.conn.fetchrow(
        f"INSERT INTO categories (name, color, icon, description) VALUES ($1, $2, $3, $4) RETURNING {COLUMNS}",
        fields["name"].strip(), fields.get("color") or "#6B7280", fields.get("icon"), fields.get("description"),
    )
    assert row is not None
    await uow.change("category.created", "category", row["id"], None, row)
    return row


async def update(uow: Unit, category_id: UUID, fields: dict[str, Any]) -> asyncpg.Record | None:
    before = await uow.conn.fetchrow(f"SELECT {COLUMNS} FROM categories WHERE id = $1 FOR UPDATE", category_id)
    if before is None:
        return None
    fields = {k: v for k, v in fields.items() if k in ("name", "color", "icon", "description")}
    if not fields:
        return before
    assignments = ", ".join(f"{k} = ${i + 2}" for i, k in enumerate(fields))
    after = await uow.conn.fetchrow(
        f"UPDATE categories SET {assignments}, updated_at = now() WHERE id = $1 RETURNING {COLUMNS}",
        category_id, *fields.values(),
    )
    await uow.change("category.updated", "category", category_id, before, after)
    return after


async def delete(uow: Unit, category_id: UUID) -> bool:
    before = await uow.conn.fetchrow(f"DELETE FROM categories WHERE id = $1 RETURNING {COLUMNS}", category_id)
    if before is None:
        return False
    await uow.change("category.deleted", "category", category_id, before, None)
    return True
