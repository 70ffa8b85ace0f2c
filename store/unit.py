"""A unit of work: one transaction whose changes, audit rows and outbox events commit together."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import asyncpg

from store import event_types


def _jsonable(value: Any) -> Any:
    """Rows and dicts to something json.dumps accepts (UUIDs, datetimes and enums as text)."""
    if value is None:
        return None
    return json.loads(json.dumps(dict(value) if isinstance(value, asyncpg.Record) else value, default=str))


@dataclass
class Unit:
    conn: asyncpg.Connection
    actor_id: UUID | None
    command_id: UUID | None = None
    events: list[dict[str, Any]] = field(default_factory=list)

    async def audit(
        self, action: str, entity_type: str, entity_id: UUID | None, before: Any = None, after: Any = None
    ) -> None:
        """Record who changed what, with the row before and after (JSON)."""
        await self.conn.execute(
            """INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, command_id)
               VALUES ($1, $2, $3, $4, $5, $6, $7)""",
            self.actor_id, action, entity_type, entity_id, _jsonable(before), _jsonable(after), self.command_id,
        )

    async def emit(
        self,
        type: str,
        entity_type: str | None,
        entity_id: UUID | None,
        payload: Any,
        *,
        channel_id: UUID | None = None,
        user_ids: list[UUID] | None = None,
    ) -> dict[str, Any]:
        """Write an outbox event of a type modelled in `store.event_types` (ValueError otherwise).

        Audience: a channel's (`channel_id`), named users (`user_ids`), both (both must hold), or
        neither (everyone). The payload keeps only the fields its model declares.
        """
        body = event_types.payload_of(type, _jsonable(payload) or {})
        row = await self.conn.fetchrow(
            """INSERT INTO events (type, entity_type, entity_id, channel_id, user_ids, actor_id, payload)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at""",
            type, entity_type, entity_id, channel_id, user_ids, self.actor_id, body,
        )
        event = event_types.envelope(id=row["id"], type=type, entity_type=entity_type, entity_id=entity_id,
                                     channel_id=channel_id, user_ids=user_ids, actor_id=self.actor_id,
                                     payload=body, created_at=row["created_at"])
        self.events.append(event)
        return event

    async def change(
        self,
        event_type: str,
        entity_type: str,
        entity_id: UUID | None,
        before: Any,
        after: Any,
        *,
        channel_id: UUID | None = None,
        user_ids: list[UUID] | None = None,
    ) -> dict[str, Any]:
        """Audit a change and emit its event in one call: the usual pair for every write."""
        await self.audit(event_type, entity_type, entity_id, before, after)
        return await self.emit(event_type, entity_type, entity_id, after if after is not None else before,
                               channel_id=channel_id, user_ids=user_ids)


@asynccontextmanager
async def unit_of_work(
    pool: asyncpg.Pool, actor_id: UUID | None, command_id: UUID | None = None
) -> AsyncIterator[Unit]:
    """Open a transaction; on clean exit it commits with every audit row and event written inside."""
    async with pool.acquire() as conn, conn.transaction():
        yield Unit(conn, actor_id, command_id)
