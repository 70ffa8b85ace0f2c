"""Reminder delivery, the daily digest, and the outbox's retention.

Notifications scheduled for later are told to their person when their time comes; every
`digest_every_s` a pass also delivers the daily digests that are due (`store.digest`: once per
person and day whatever the number of nodes, by the digests table's primary key).

Every node runs one `ReminderScheduler`. Each pass claims due rows with FOR UPDATE SKIP LOCKED
and, in the same transaction, marks them delivered and writes their `notification.created`
outbox events; so with several nodes each reminder goes out exactly once, and a restart loses
nothing (the schedule is rows in PostgreSQL). About once an hour a pass also deletes outbox
events older than the retention; a client resuming from before that is told to resync.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from typing import Any

import asyncpg

from store import digest, events, notifications
from store.unit import unit_of_work

log = logging.getLogger(__name__)


class ReminderScheduler:
    def __init__(self, pool: asyncpg.Pool, bus: Any, *, interval_s: float = 1.0,
                 retention: timedelta | None = timedelta(days=30), prune_every_s: float = 3600.0,
                 digest_at: clock | None = None, zone: str = "UTC", digest_every_s: float = 30.0) -> None:
        self.pool = pool
        self.digest_at = digest_at
        self.zone = zone
        self.digest_every_s = digest_every_s
        self._next_digest = 0.0
        self.bus = bus
        self.interval_s = interval_s
        self.retention = retention
        self.prune_every_s = prune_every_s
        self._next_prune = 0.0
        self._task: asyncio.Task[None] | None = None

    async def prune_once(self) -> int:
        """Delete outbox events older than the retention; return how many went."""
        if self.retention is None:
            return 0
        return await events.prune_before(self.pool, datetime.now(UTC) - self.retention)

    async def run_once(self) -> int:
        """Deliver every reminder due now; return how many this node delivered."""
        async with unit_of_work(self.pool, None) as uow:
            due = await notifications.claim_due(uow.conn)
            for row in due:
                await notifications.mark_delivered(uow.conn, row["id"])
                if not row["seen"]:  # about a channel the recipient lost sight of: kept, never announced
                    continue
                delivered = {k: v for k, v in dict(row).items() if k != "seen"} | {"delivered_at": datetime.now(UTC)}
                await uow.emit("notification.created", "notification", row["id"], delivered,
                               user_ids=[row["user_id"]])
        if uow.events:
            await self.bus.publish(uow.events)
        return len(due)

    async def digest_once(self, now: datetime | None = None) -> list[Any]:
        """Deliver the daily digests due at `now` (default: now) that no node has sent; return their ids."""
        sent, published = await digest.deliver_due(self.pool, now or datetime.now(UTC), default_at=self.digest_at,
                                                   fallback_zone=self.zone)
        if published:
            await self.bus.publish(published)
        return sent

    async def _forever(self) -> None:
        while True:
            try:
                await self.run_once()
                if time.monotonic() >= self._next_digest:
                    self._next_digest = time.monotonic() + self.digest_every_s
                    await self.digest_once()
                if time.monotonic() >= self._next_prune:
                    self._next_prune = time.monotonic() + self.prune_every_s
                    pruned = await self.prune_once()
                    if pruned:
                        log.info("pruned %d outbox events older than %s", pruned, self.retention)
            except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
                log.warning("reminder pass failed: %s", type(exc).__name__)
            await asyncio.sleep(self.interval_s)

    def start(self) -> None:
        self._task = asyncio.create_task(self._forever(), name="reminder-scheduler")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
