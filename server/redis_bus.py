"""The bus across nodes: a Redis Stream of committed outbox events, a reader per node, and a relay.

- `publish(events)` (after commit) hands events to this node's hub, XADDs them to the stream
  (bounded by MAXLEN ~), then marks the outbox rows published. If Redis is down it logs and
  returns: the rows stay unpublished and the relay sends them when Redis is back.
- One reader task per node XREADs the stream and hands other nodes' events to the local hub.
- One relay task per node, every `relay_interval_s`, claims unpublished rows older than
  `relay_after_s` (FOR UPDATE SKIP LOCKED, so each row goes to one node) and publishes them.
- Ephemeral events (voice progress, presence) go over Redis Pub/Sub: live only, never stored.

Duplicates are possible (the relay may race a slow publisher); the hub's `Sequencer` drops them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from typing import Any

import asyncpg
from redis.exceptions import RedisError

from server.bus import EphemeralSubscriber, Subscriber, deliver, deliver_ephemeral
from store import events as outbox

log = logging.getLogger(__name__)

_REDIS_ERRORS = (RedisError, OSError, TimeoutError)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisBus:
    name = "redis"

    def __init__(
        self, redis: Any, pool: asyncpg.Pool, *, stream: str = "voicedesk:events", maxlen: int = 10_000,
        relay_interval_s: float = 1.0, relay_after_s: float = 1.0, relay_window_s: float = 900.0,
        block_ms: int = 1000,
    ) -> None:
        self.redis = redis
        self.pool = pool
        self.stream = stream
        self.key_prefix = stream  # presence and other keys live next to the stream
        self.ephemeral_channel = f"{stream}:ephemeral"
        self.maxlen = maxlen
        self.relay_interval_s = relay_interval_s
        self.relay_after_s = relay_after_s
        self.relay_window_s = relay_window_s
        self.block_ms = block_ms
        self.node_id = uuid.uuid4().hex[:12]
        self._subscribers: list[Subscriber] = []
        self._ephemeral: list[EphemeralSubscriber] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._marking: set[asyncio.Task[None]] = set()
        self._down: str | None = None

    # --- interface shared with InProcessBus ----------------------------------------------

    def subscribe(self, callback: Subscriber) -> None:
        self._subscribers.append(callback)

    def subscribe_ephemeral(self, callback: EphemeralSubscriber) -> None:
        self._ephemeral.append(callback)

    async def publish(self, events: list[dict[str, Any]]) -> None:
        """Deliver locally, then XADD; never raises into the caller (the relay covers failures)."""
        if not events:
            return
        await deliver(self._subscribers, events)
        if self._down is not None:
            return  # known down: do not make the API wait on timeouts; the relay sends these later
        try:
            await self._xadd(events)
        except _REDIS_ERRORS as exc:
            self._went_down("publish", exc)
            return
        self._up()
        task = asyncio.create_task(self._mark_published([int(e["id"]) for e in events]))
        self._marking.add(task)
        task.add_done_callback(self._marking.discard)

    async def publish_ephemeral(self, event: dict[str, Any]) -> None:
        """Deliver locally and to other nodes over Pub/Sub; lost (not retried) when Redis is down."""
        await deliver_ephemeral(self._ephemeral, event)
        try:
            await self.redis.publish(self.ephemeral_channel, json.dumps({"n": self.node_id, "e": event}))
        except _REDIS_ERRORS as exc:
            self._went_down("publish_ephemeral", exc)

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._read_stream(), name="bus-reader"),
                       asyncio.create_task(self._read_ephemeral(), name="bus-ephemeral"),
                       asyncio.create_task(self._relay_forever(), name="bus-relay")]

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        if self._marking:
            await asyncio.gather(*self._marking, return_exceptions=True)
        self._subscribers.clear()
        self._ephemeral.clear()

    async def health(self) -> str:
        """`ok`, or `down: <reason>` when Redis does not answer a PING twice in a row (1 s each).

        One failed PING is not "down": right after Redis comes back, or with the event loop busy for a
        moment, a single PING may miss while every event is flowing (seen in a full CI run), and a load
        balancer would drop a working node.
        """
        reason = ""
        for _ in range(2):
            try:
                await asyncio.wait_for(self.redis.ping(), 1.0)
                return "ok"
            except _REDIS_ERRORS as exc:
                reason = type(exc).__name__
        return f"down: {reason}"

    # --- the stream ------------------------------------------------------------------------

    async def _xadd(self, events: list[dict[str, Any]]) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            for event in events:
                pipe.xadd(self.stream, {"e": json.dumps(event, separators=(",", ":")), "n": self.node_id},
                          maxlen=self.maxlen, approximate=True)
            await pipe.execute()

    async def _mark_published(self, ids: list[int]) -> None:
        try:
            await outbox.mark_published(self.pool, ids)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
            log.warning("could not mark %d events published; the relay will send them again", len(ids))

    async def _stream_tail(self) -> str:
        """The id of the newest stream entry ("0-0" for an empty stream): where reading starts."""
        newest = await self.redis.xrevrange(self.stream, count=1)
        return _text(newest[0][0]) if newest else "0-0"

    async def _read_stream(self) -> None:
        last: str | None = None
        backoff = 0.1
        while True:
            try:
                if last is None:
                    last = await self._stream_tail()
                reply = await self.redis.xread({self.stream: last}, count=1000, block=self.block_ms)
                self._up()
                backoff = 0.1
            except _REDIS_ERRORS as exc:
                self._went_down("read", exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 2.0)
                continue
            batch: list[dict[str, Any]] = []
            for _stream, entries in reply or []:
                for entry_id, fields in entries:
                    last = _text(entry_id)
                    fields = {_text(k): v for k, v in fields.items()}
                    if _text(fields.get("n", b"")) == self.node_id:
                        continue  # published here: already handed to the local hub
                    try:
                        batch.append(json.loads(fields["e"]))
                    except (KeyError, ValueError):
                        log.warning("skipping a malformed stream entry %s", last)
            if batch:
                await deliver(self._subscribers, batch)

    async def _read_ephemeral(self) -> None:
        backoff = 0.1
        while True:
            pubsub = self.redis.pubsub()
            try:
                await pubsub.subscribe(self.ephemeral_channel)
                backoff = 0.1
                while True:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                    if message is None or message.get("type") != "message":
                        continue
                    try:
                        body = json.loads(message["data"])
                    except ValueError:
                        continue
                    if body.get("n") != self.node_id:
                        await deliver_ephemeral(self._ephemeral, body["e"])
            except _REDIS_ERRORS as exc:
                self._went_down("ephemeral", exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 2.0)
            finally:
                with contextlib.suppress(*_REDIS_ERRORS):
                    await pubsub.aclose()

    # --- the relay -------------------------------------------------------------------------

    async def relay_once(self) -> int:
        """Publish outbox rows that committed but never reached the stream; return how many."""
        async with self.pool.acquire() as conn, conn.transaction():
            events = await outbox.claim_unpublished(conn, older_than_s=self.relay_after_s,
                                                    window_s=self.relay_window_s)
            if not events:
                return 0
            try:
                await self._xadd(events)
            except _REDIS_ERRORS as exc:
                self._went_down("relay", exc)
                return 0
            await outbox.mark_published(conn, [int(e["id"]) for e in events])
        self._up()
        log.info("relayed %d unpublished events", len(events))
        await deliver(self._subscribers, events)  # the reader skips this node's entries
        return len(events)

    async def _relay_forever(self) -> None:
        while True:
            await asyncio.sleep(self.relay_interval_s)
            try:
                await self.relay_once()
            except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
                log.warning("relay failed: %s", type(exc).__name__)

    # --- state -----------------------------------------------------------------------------

    def _went_down(self, where: str, exc: BaseException) -> None:
        reason = f"{type(exc).__name__}"
        if self._down is None:
            log.warning("redis unavailable (%s: %s); events wait in the outbox", where, reason)
        self._down = reason

    def _up(self) -> None:
        if self._down is not None:
            log.info("redis is back")
            self._down = None
