"""The event bus: carries committed outbox events (and ephemeral voice progress) to every node's live hub.

`InProcessBus` serves a single node. `server.redis_bus.RedisBus` (several nodes) has the same
interface: `publish(events)` after commit, `publish_ephemeral(event)` for what is never stored,
`subscribe(callback)` / `subscribe_ephemeral(callback)` for the node's live hub, `start()`,
`close()`, `health()`.

Without Redis there is one node, so `publish` hands events straight to the hub and nothing
needs relaying: rows keep `published_at` NULL and a client that was away replays from
PostgreSQL. (The Redis relay only looks at recent rows, so switching to Redis later does not
re-send history.)
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import asyncpg

from store import events as outbox

log = logging.getLogger(__name__)

Subscriber = Callable[[list[dict[str, Any]]], Awaitable[None]]
EphemeralSubscriber = Callable[[dict[str, Any]], Awaitable[None]]


class Bus(Protocol):
    name: str

    def subscribe(self, callback: Subscriber) -> None: ...

    def subscribe_ephemeral(self, callback: EphemeralSubscriber) -> None: ...

    async def publish(self, events: list[dict[str, Any]]) -> None: ...

    async def publish_ephemeral(self, event: dict[str, Any]) -> None: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def health(self) -> str: ...


async def deliver(subscribers: list[Subscriber], events: list[dict[str, Any]]) -> None:
    """Hand events to each subscriber; one failing subscriber never stops the others or the caller."""
    for callback in list(subscribers):
        try:
            await callback(events)
        except Exception:
            log.exception("live subscriber failed")


async def deliver_ephemeral(subscribers: list[EphemeralSubscriber], event: dict[str, Any]) -> None:
    for callback in list(subscribers):
        try:
            await callback(event)
        except Exception:
            log.exception("live subscriber failed on an ephemeral event")


class InProcessBus:
    name = "in-process"

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._ephemeral: list[EphemeralSubscriber] = []

    def subscribe(self, callback: Subscriber) -> None:
        self._subscribers.append(callback)

    def subscribe_ephemeral(self, callback: EphemeralSubscriber) -> None:
        self._ephemeral.append(callback)

    async def publish(self, events: list[dict[str, Any]]) -> None:
        if events:
            await deliver(self._subscribers, events)

    async def publish_ephemeral(self, event: dict[str, Any]) -> None:
        await deliver_ephemeral(self._ephemeral, event)

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        self._subscribers.clear()
        self._ephemeral.clear()

    async def health(self) -> str:
        return "ok"


class Sequencer:
    """Puts outbox events into id order before a hub fans them out, each exactly once.

    Transactions commit out of id order (a long command may hold id 10 while id 11 commits).
    Events arrive here in any order, from any number of nodes, possibly twice (the relay).
    Ids up to `cursor` are settled: every committed event up to there has been handed out,
    and the ids left are holes (rolled back). An event above a gap waits until the gap is
    settled: committed events in it are read from PostgreSQL, and in-flight writers (those
    holding a write lock on `events`) are waited for, at most `gap_wait_s`. An event that
    commits after that is handed out late (flagged), still once.
    """

    def __init__(self, pool: asyncpg.Pool, *, gap_wait_s: float = 3.0, remember: int = 50_000) -> None:
        self.pool = pool
        self.cursor = 0
        self.gap_wait_s = gap_wait_s
        self._pending: dict[int, dict[str, Any]] = {}
        self._seen: set[int] = set()
        self._seen_order: deque[int] = deque()
        self._remember = remember

    async def start(self) -> None:
        """Begin after the newest committed event: clients catch up on older ones by replay."""
        async with self.pool.acquire() as conn:
            _, self.cursor = await outbox.bounds(conn)

    def _mark_seen(self, event_id: int) -> None:
        self._seen.add(event_id)
        self._seen_order.append(event_id)
        while len(self._seen_order) > self._remember:
            self._seen.discard(self._seen_order.popleft())

    async def accept(self, events: list[dict[str, Any]]) -> list[tuple[dict[str, Any], bool]]:
        """Take events in any order; return those now ready, in id order, as (event, late)."""
        ready: list[tuple[dict[str, Any], bool]] = []
        for event in events:
            event_id = int(event["id"])
            if event_id in self._seen or event_id in self._pending:
                continue
            if event_id <= self.cursor:  # committed after its gap was given up on
                self._mark_seen(event_id)
                ready.append((event, True))
            else:
                self._pending[event_id] = event
        self._drain(ready)
        if self._pending:
            await self._settle_gap(ready)
        return ready

    def _drain(self, ready: list[tuple[dict[str, Any], bool]]) -> None:
        while self.cursor + 1 in self._pending:
            self.cursor += 1
            self._mark_seen(self.cursor)
            ready.append((self._pending.pop(self.cursor), False))

    async def _settle_gap(self, ready: list[tuple[dict[str, Any], bool]]) -> None:
        top = max(self._pending)
        started = time.monotonic()
        async with self.pool.acquire() as conn:
            self._take(await outbox.between(conn, self.cursor, top))
            if not self._gap_closed(top):
                writers = await outbox.writers_in_flight(conn)
                pause = 0.002
                while writers and time.monotonic() - started < self.gap_wait_s:
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, 0.05)
                    writers &= await outbox.writers_in_flight(conn)
                if writers:
                    log.warning("gap below event %s still open after %.1f s; moving on", top, self.gap_wait_s)
                self._take(await outbox.between(conn, self.cursor, top))
        # Everything below `top` is settled: what is still missing was rolled back (holes).
        for event_id in sorted(i for i in self._pending if i <= top):
            self._mark_seen(event_id)
            ready.append((self._pending.pop(event_id), False))
        self.cursor = top
        self._drain(ready)

    def _take(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            if event["id"] > self.cursor and event["id"] not in self._seen:
                self._pending.setdefault(event["id"], event)

    def _gap_closed(self, top: int) -> bool:
        return sum(1 for i in self._pending if i < top) == top - self.cursor - 1
