"""This node's live `Hub`: bus events put in id order and fanned out to its connections.

Each node has one `Hub`: the bus hands it events, its `Sequencer` puts them in id order, and it
fans them out to the node's connections, filtered exactly like the REST reads (`ChannelDirectory`).
It also replays a reconnecting client's gap, and carries presence and ephemeral events. See docs/live.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any
from uuid import UUID

import asyncpg
from aiohttp import web

from server.bus import Sequencer
from server.keys import BUS, LIVE_OPTIONS, POOL
from server.live_connection import RESYNC, TOKEN_EXPIRED, Connection, LiveOptions
from server.presence import LocalPresence, Presence, RedisPresence
from server.redis_bus import RedisBus
from store import event_types, tokens
from store import events as outbox

log = logging.getLogger(__name__)


def _frame(event: dict[str, Any]) -> str:
    return json.dumps({"type": "event", "event": event}, separators=(",", ":"))


class ChannelDirectory:
    """Who hears each channel's events (privacy, members); refreshed when a `channel.*` event passes."""

    def __init__(self) -> None:
        self._channels: dict[str, tuple[str, frozenset[str]]] = {}

    async def load(self, pool: Any, channel_ids: list[str] | None = None) -> None:
        rows = await outbox.channel_audiences(pool, [UUID(c) for c in channel_ids] if channel_ids else None)
        for channel_id in channel_ids or []:
            self._channels.pop(channel_id, None)
        for row in rows:
            self._channels[str(row["id"])] = (row["privacy"], frozenset(str(u) for u in row["member_ids"]))

    def knows(self, channel_id: str) -> bool:
        return channel_id in self._channels

    def visible(self, channel_id: str, user_id: str, role: str) -> bool:
        if role == "ceo":
            return True
        entry = self._channels.get(channel_id)
        return entry is not None and (entry[0] == "public" or user_id in entry[1])



class Hub:
    """This node's live clients and the ordered event stream they are fed from."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.pool = app[POOL]
        self.bus = app[BUS]
        self.options: LiveOptions = app[LIVE_OPTIONS]
        self.sequencer = Sequencer(self.pool)
        self.directory = ChannelDirectory()
        self.connections: set[Connection] = set()
        self.presence: Presence = (
            RedisPresence(self.bus.redis, self.bus.key_prefix, ttl_s=self.options.presence_ttl_s)
            if isinstance(self.bus, RedisBus) else LocalPresence())
        self._inbox: asyncio.Queue[list[dict[str, Any]]] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        await self.sequencer.start()
        await self.directory.load(self.pool)
        self.bus.subscribe(self._inbox_put)
        self.bus.subscribe_ephemeral(self._on_ephemeral)
        self._tasks = [asyncio.create_task(self._run(), name="live-hub"),
                       asyncio.create_task(self._keep_presence(), name="live-presence"),
                       asyncio.create_task(self._watch_sign_ins(), name="live-sign-ins")]

    async def close(self) -> None:
        await asyncio.gather(*(c.close(1001, "server shutting down") for c in list(self.connections)))
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _inbox_put(self, events: list[dict[str, Any]]) -> None:
        self._inbox.put_nowait(events)

    async def _run(self) -> None:
        while True:
            batch = await self._inbox.get()
            try:
                for event, late in await self.sequencer.accept(batch):
                    await self._prepare(event)
                    self._fan_out(event, late)
            except Exception:
                log.exception("live hub failed on a batch of %d events", len(batch))

    async def _prepare(self, event: dict[str, Any]) -> None:
        """Bring visibility up to date before an event that changes it is filtered."""
        channel_id = event.get("channel_id")
        if channel_id and (event["type"].startswith("channel.") or not self.directory.knows(channel_id)):
            await self.directory.load(self.pool, [channel_id])
        if event["type"] in ("user.updated", "user.deactivated") and isinstance(event.get("payload"), dict):
            theirs = [c for c in self.connections if c.user_id == event.get("entity_id")]
            for conn in theirs:
                conn.role = event["payload"].get("role", conn.role)
                if event["payload"].get("is_active") is False:
                    conn.close_soon(TOKEN_EXPIRED, "account disabled")
            await self.close_signed_out(theirs)  # a new password ends every sign-in

    def _view(self, event: dict[str, Any], conn: Connection) -> dict[str, Any] | None:
        """The event as this connection's person may have it (`event_types.for_viewer`)."""
        return event_types.for_viewer(event, lambda c: self.directory.visible(c, conn.user_id, conn.role))

    def _fan_out(self, event: dict[str, Any], late: bool) -> None:
        message: str | None = None
        for conn in list(self.connections):
            if not conn.wants(event, late, self.directory):
                continue
            view = self._view(event, conn)
            if view is None:
                continue
            if view is not event:
                conn.push(_frame(view), event["id"])
                continue
            message = message or _frame(event)
            conn.push(message, event["id"])

    async def _on_ephemeral(self, envelope: dict[str, Any]) -> None:
        event = envelope.get("event") or {}
        if envelope.get("kind") == "signed_out":
            await self.close_signed_out([c for c in self.connections if c.user_id == envelope.get("user_id")])
            return
        if envelope.get("kind") == "presence":
            channel_id = envelope.get("channel_id")
            full = json.dumps({**event, "type": "presence"})
            hidden = json.dumps({**event, "type": "presence", "channel_id": None})
            for conn in list(self.connections):
                seen = channel_id is None or self.directory.visible(channel_id, conn.user_id, conn.role)
                conn.push(full if seen else hidden, control=False)
            return
        message: str | None = None
        for conn in list(self.connections):
            if conn.may_see(envelope, self.directory):
                message = message or json.dumps({"type": "ephemeral", "event": event}, separators=(",", ":"))
                conn.push(message)

    async def signed_out(self, user_id: Any) -> None:
        """Someone's sign-in was revoked: every node closes the sockets of revoked sign-ins (4001)."""
        await self.bus.publish_ephemeral({"kind": "signed_out", "user_id": str(user_id), "channel_id": None,
                                          "user_ids": [str(user_id)], "event": {}})

    async def close_signed_out(self, conns: list[Connection]) -> None:
        """Close those of `conns` whose sign-in (refresh-token family) has been revoked."""
        families = {c.family_id for c in conns if c.family_id is not None}
        if not families:
            return
        revoked = {str(f) for f in await tokens.revoked_families(self.pool, [UUID(f) for f in families])}
        for conn in conns:
            if conn.family_id in revoked:
                conn.close_soon(TOKEN_EXPIRED, "signed out")

    async def _watch_sign_ins(self) -> None:
        """Each heartbeat, also catch revocations no `signed_out` message told this node of (Redis down)."""
        while True:
            await asyncio.sleep(self.options.heartbeat_s)
            try:
                await self.close_signed_out(list(self.connections))
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("could not check sign-ins: %s", type(exc).__name__)

    async def _keep_presence(self) -> None:
        while True:
            await asyncio.sleep(self.options.heartbeat_s)
            await self.presence.touch([(c.user_id, c.id) for c in self.connections])

    # --- connections ------------------------------------------------------------------------

    async def attach(self, conn: Connection, since: int | None) -> bool:
        """Register, replay the gap after `since`, send `ready`, go live. False: resync sent, closed."""
        if since is not None:
            oldest, newest = await outbox.bounds(self.pool)
            if since > newest or (oldest is not None and since < oldest - 1):
                await self._resync(conn)
                return False
        cursor = self.sequencer.cursor  # read and register with no await between: nothing slips past
        self.connections.add(conn)
        conn.since = since
        conn.floor = cursor if since is None else max(since, cursor)
        if since is not None and since < cursor and not await self._replay(conn, since, cursor):
            self.connections.discard(conn)
            await self._resync(conn)
            return False
        await conn.ws.send_str(json.dumps({"type": "ready", "last_event_id": conn.floor}))
        conn.start(self)
        if await self.presence.join(conn.user_id, conn.id):
            await self.announce(conn.user_id, "online", None)
        return True

    async def _replay(self, conn: Connection, since: int, cursor: int) -> bool:
        after, sent = since, 0
        channel_ids = [UUID(c) for c in conn.channels] if conn.channels is not None else None
        while after < cursor:
            page = await outbox.visible_after(self.pool, UUID(conn.user_id), conn.role, after, cursor,
                                              channel_ids=channel_ids, limit=500)
            sent += len(page)
            if sent > self.options.replay_max:
                return False
            for event in page:
                conn.replayed.add(event["id"])
                view = self._view(event, conn)
                if view is not None:
                    await conn.ws.send_str(_frame(view))
            if len(page) < 500:
                break
            after = page[-1]["id"]
        return True

    async def _resync(self, conn: Connection) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await conn.ws.send_str(json.dumps({"type": "resync_required"}))
        await conn.close(RESYNC, "resync required")

    async def detach(self, conn: Connection) -> None:
        was_live = conn in self.connections
        self.connections.discard(conn)
        await conn.close(1000, "bye")
        if was_live and await self.presence.leave(conn.user_id, conn.id):
            await self.announce(conn.user_id, "offline", None)

    async def view(self, conn: Connection, channel_id: Any) -> None:
        if channel_id is not None and (not isinstance(channel_id, str)
                                       or not self.directory.visible(channel_id, conn.user_id, conn.role)):
            conn.push_json({"type": "error", "code": "unknown_channel", "message": "No such channel"})
            return
        await self.presence.view(conn.user_id, conn.id, channel_id)
        await self.announce(conn.user_id, "online", channel_id)

    async def announce(self, user_id: str, status: str, channel_id: str | None) -> None:
        await self.bus.publish_ephemeral({
            "kind": "presence", "channel_id": channel_id, "user_ids": None,
            "event": {"user_id": user_id, "status": status, "channel_id": channel_id, "ts": time.time()}})
