"""`/api/live`: committed changes, voice progress and presence, pushed to each signed-in person.

The contract (Zulip's events system): every stored event has an id; a client that reconnects
sends the last id it saw (`last_event_id`) and is replayed the gap from PostgreSQL, then gets
`{"type": "ready", "last_event_id": N}` and live events in id order, with no gap and no
duplicate. Too old a cursor gets `{"type": "resync_required"}` (refetch state over REST).
Each node has one `Hub`: the bus hands it events, its `Sequencer` puts them in id order, and
it fans them out to the node's connections, filtered exactly like the REST reads. See docs/live.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from aiohttp import WSMsgType, web

from server.auth import AuthUser, authenticate, bearer_token, user_from_token
from server.bus import Sequencer
from server.errors import ApiError
from server.http import json_response
from server.presence import LocalPresence, Presence, RedisPresence
from server.scheduler import ReminderScheduler
from store import events as outbox

log = logging.getLogger(__name__)

# Close codes (4000-4999 are the application's).
TOKEN_EXPIRED, BAD_REQUEST, RESYNC, SLOW_CONSUMER = 4001, 4400, 4009, 4008


@dataclass(frozen=True)
class LiveOptions:
    queue_size: int = 1000  # messages buffered per connection before it counts as a slow consumer
    heartbeat_s: float = 20.0
    auth_timeout_s: float = 5.0
    token_warning_s: float = 60.0  # `token_expiring` this long before expiry (at most half the time left)
    replay_max: int = 10_000  # a longer gap than this answers `resync_required`
    presence_ttl_s: float = 60.0
    scheduler: bool = True
    scheduler_interval_s: float = 1.0
    close_timeout_s: float = 2.0


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


class Connection:
    """One live WebSocket: who it is, what it wants, and its bounded outgoing buffer."""

    def __init__(self, ws: web.WebSocketResponse, user: AuthUser, options: LiveOptions, transport: Any) -> None:
        self.id = uuid.uuid4().hex[:12]
        self.ws = ws
        self.user_id = str(user.id)
        self.role = user.role
        self.options = options
        self.transport = transport
        self.channels: set[str] | None = None  # None: every visible channel
        self.since: int | None = None  # the client's cursor at connect
        self.floor = 0  # ids up to here were replayed or already seen by the client
        self.replayed: set[int] = set()
        self._outbox: deque[tuple[int | None, str]] = deque()
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.closed = False
        self.close_reason: str | None = None
        self.set_token_expiry(user.token_exp)

    def set_token_expiry(self, exp: float) -> None:
        self.token_exp = exp
        lead = min(self.options.token_warning_s, max(exp - time.time(), 0) / 2)
        self.warn_at = exp - lead
        self.warned = False

    # --- what it receives -------------------------------------------------------------------

    def may_see(self, item: dict[str, Any], directory: ChannelDirectory) -> bool:
        """The REST rule: addressed users only see their own; channel items follow the channel."""
        user_ids = item.get("user_ids")
        if user_ids is not None and self.user_id not in user_ids:
            return False
        channel_id = item.get("channel_id")
        if channel_id is None:
            return True
        if self.channels is not None and channel_id not in self.channels:
            return False
        return directory.visible(channel_id, self.user_id, self.role)

    def wants(self, event: dict[str, Any], late: bool, directory: ChannelDirectory) -> bool:
        event_id = event["id"]
        if late:  # out of order: only what the client cannot have had
            if self.since is not None and event_id <= self.since:
                return False
        elif event_id <= self.floor:
            return False
        return self.may_see(event, directory)

    def push(self, message: str, event_id: int | None = None, *, control: bool = False) -> None:
        """Queue a message; a full buffer closes the connection (4008) instead of stalling the hub."""
        if self.closed:
            return
        if not control and len(self._outbox) >= self.options.queue_size:
            self.close_soon(SLOW_CONSUMER, "slow consumer")
            return
        self._outbox.append((event_id, message))
        self._wake.set()

    def push_json(self, body: dict[str, Any]) -> None:
        self.push(json.dumps(body), control=True)

    # --- its tasks --------------------------------------------------------------------------

    def start(self, hub: Hub) -> None:
        self._tasks = [asyncio.create_task(self._write()), asyncio.create_task(self._tick(hub))]

    async def _write(self) -> None:
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._outbox:
                    event_id, message = self._outbox.popleft()
                    if event_id is not None and event_id in self.replayed:
                        continue
                    await self.ws.send_str(message)
        except (ConnectionError, RuntimeError):
            self.close_soon(1011, "send failed")

    async def _tick(self, hub: Hub) -> None:
        """Heartbeats, the token warning, and closing when the token expires."""
        next_beat = time.time() + self.options.heartbeat_s
        while True:
            now = time.time()
            if now >= self.token_exp:
                await self.close(TOKEN_EXPIRED, "token expired")
                return
            if not self.warned and now >= self.warn_at:
                self.warned = True
                self.push_json({"type": "token_expiring", "expires_at": self.token_exp})
            if now >= next_beat:
                next_beat = now + self.options.heartbeat_s
                self.push_json({"type": "heartbeat", "ts": now})
            wake = min(self.token_exp, next_beat, self.warn_at if not self.warned else next_beat)
            await asyncio.sleep(max(0.01, wake - time.time()))

    def close_soon(self, code: int, reason: str) -> None:
        if not self.closed:
            task = asyncio.create_task(self.close(code, reason))
            self._tasks.append(task)

    async def close(self, code: int, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        self.close_reason = reason
        current = asyncio.current_task()
        for task in self._tasks:
            if task is not current:
                task.cancel()
        try:
            await asyncio.wait_for(self.ws.close(code=code, message=reason.encode()), self.options.close_timeout_s)
        except (TimeoutError, ConnectionError, RuntimeError):
            if self.transport is not None:
                self.transport.abort()  # a client that reads nothing cannot even take the close frame


class Hub:
    """This node's live clients and the ordered event stream they are fed from."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.pool = app["pool"]
        self.bus = app["bus"]
        self.options: LiveOptions = app["live_options"]
        self.sequencer = Sequencer(self.pool)
        self.directory = ChannelDirectory()
        self.connections: set[Connection] = set()
        redis = getattr(self.bus, "redis", None)
        self.presence: Presence = (RedisPresence(redis, self.bus.key_prefix, ttl_s=self.options.presence_ttl_s)
                                   if redis is not None else LocalPresence())
        self._inbox: asyncio.Queue[list[dict[str, Any]]] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        await self.sequencer.start()
        await self.directory.load(self.pool)
        self.bus.subscribe(self._inbox_put)
        self.bus.subscribe_ephemeral(self._on_ephemeral)
        self._tasks = [asyncio.create_task(self._run(), name="live-hub"),
                       asyncio.create_task(self._keep_presence(), name="live-presence")]

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
            for conn in list(self.connections):
                if conn.user_id == event.get("entity_id"):
                    conn.role = event["payload"].get("role", conn.role)
                    if event["payload"].get("is_active") is False:
                        conn.close_soon(TOKEN_EXPIRED, "account disabled")

    def _fan_out(self, event: dict[str, Any], late: bool) -> None:
        message: str | None = None
        for conn in list(self.connections):
            if conn.wants(event, late, self.directory):
                if message is None:
                    message = json.dumps({"type": "event", "event": event}, separators=(",", ":"))
                conn.push(message, event["id"])

    async def _on_ephemeral(self, envelope: dict[str, Any]) -> None:
        event = envelope.get("event") or {}
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
                await conn.ws.send_str(json.dumps({"type": "event", "event": event}, separators=(",", ":")))
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


async def publish_ephemeral(app: web.Application, event: dict[str, Any], *, user_ids: list[Any] | None = None,
                            channel_id: Any = None) -> None:
    """Push something live-only (transcript partials, a plan, action progress) to the people it is for.

    Not stored and without an id, so resuming clients never see a gap for it. `user_ids` and/or
    `channel_id` pick the audience exactly like stored events; neither means everyone.
    """
    await app["bus"].publish_ephemeral({
        "kind": "ephemeral", "channel_id": str(channel_id) if channel_id else None,
        "user_ids": [str(u) for u in user_ids] if user_ids is not None else None,
        "event": {**event, "ephemeral": True}})


# --- the routes ------------------------------------------------------------------------------


def _cursor(raw: Any) -> int | None:
    if raw is None or raw == "":
        return None
    value = int(raw)
    if value < 0:
        raise ValueError("negative cursor")
    return value


def _channels(raw: Any) -> set[str] | None:
    if raw is None or raw == "":
        return None
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    return {str(UUID(str(c).strip())) for c in items}


async def _hello(ws: web.WebSocketResponse, timeout_s: float) -> dict[str, Any]:
    """The first message, when the token was not in the header: {"type": "auth", "token": ...}."""
    try:
        message = await ws.receive(timeout=timeout_s)
        body = json.loads(message.data) if message.type == WSMsgType.TEXT else {}
    except (TimeoutError, ValueError):
        return {}
    return body if isinstance(body, dict) and body.get("type") == "auth" else {}


async def live_socket(request: web.Request) -> web.WebSocketResponse:
    hub: Hub = request.app["live"].hub
    ws = web.WebSocketResponse(max_msg_size=64 * 1024)
    await ws.prepare(request)
    token = bearer_token(request)
    hello: dict[str, Any] = {}
    if token is None:
        hello = await _hello(ws, hub.options.auth_timeout_s)
        token = hello.get("token") if isinstance(hello.get("token"), str) else None
    if not token:
        await ws.close(code=TOKEN_EXPIRED, message=b"authentication required")
        return ws
    try:
        user = await user_from_token(request.app, token)
        since = _cursor(hello.get("last_event_id", request.query.get("last_event_id")))
        channels = _channels(hello.get("channels", request.query.get("channels")))
    except ApiError as exc:
        await ws.close(code=TOKEN_EXPIRED, message=exc.code.encode())
        return ws
    except (ValueError, TypeError):
        await ws.close(code=BAD_REQUEST, message=b"bad last_event_id or channels")
        return ws
    conn = Connection(ws, user, hub.options, request.transport)
    conn.channels = channels
    try:
        if await hub.attach(conn, since):
            await _read(request.app, hub, conn)
    finally:
        await hub.detach(conn)
    return ws


async def _read(app: web.Application, hub: Hub, conn: Connection) -> None:
    """What the client may say: auth (refresh), view, subscribe, ping."""
    async for message in conn.ws:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            body = json.loads(message.data)
            kind = body.get("type")
        except (ValueError, AttributeError):
            conn.push_json({"type": "error", "code": "invalid_message", "message": "Send JSON objects"})
            continue
        if kind == "auth":
            try:
                user = await user_from_token(app, str(body.get("token")))
            except ApiError as exc:
                conn.push_json({"type": "error", "code": exc.code, "message": exc.message})
                continue
            if str(user.id) != conn.user_id:
                await conn.close(TOKEN_EXPIRED, "token belongs to someone else")
                return
            conn.role = user.role
            conn.set_token_expiry(user.token_exp)
            conn.push_json({"type": "auth_ok", "expires_at": user.token_exp})
        elif kind == "view":
            await hub.view(conn, body.get("channel_id"))
        elif kind == "subscribe":
            try:
                conn.channels = _channels(body.get("channels"))
            except (ValueError, TypeError):
                conn.push_json({"type": "error", "code": "invalid_channels", "message": "channels: a list of ids"})
        elif kind == "ping":
            conn.push_json({"type": "pong", "ts": time.time()})
        else:
            conn.push_json({"type": "error", "code": "unknown_message", "message": f"Unknown type {kind!r}"})


async def presence_list(request: web.Request) -> web.Response:
    """GET /api/presence: who is online, and the channels they view that the caller may see."""
    user = await authenticate(request)
    hub: Hub = request.app["live"].hub
    people = await hub.presence.online()
    return json_response({"users": [
        {"user_id": p.user_id, "connections": p.connections,
         "channel_ids": [c for c in p.channel_ids if hub.directory.visible(c, str(user.id), user.role)]}
        for p in people]})


@dataclass
class LiveState:
    """`app["live"]`: this node's hub and scheduler, and the ephemeral entry point for other parts."""

    app: web.Application
    hub: Hub | None = None
    scheduler: ReminderScheduler | None = None

    async def publish_ephemeral(self, event: dict[str, Any], *, user_ids: list[Any] | None = None,
                                channel_id: Any = None) -> None:
        await publish_ephemeral(self.app, event, user_ids=user_ids, channel_id=channel_id)


async def _start(app: web.Application) -> None:
    state: LiveState = app["live"]
    state.hub = Hub(app)
    await state.hub.start()
    options: LiveOptions = app["live_options"]
    if options.scheduler:
        days = app["settings"].event_retention_days
        state.scheduler = ReminderScheduler(app["pool"], app["bus"], interval_s=options.scheduler_interval_s,
                                            retention=timedelta(days=days) if days else None)
        state.scheduler.start()


async def _stop(app: web.Application) -> None:
    state: LiveState = app["live"]
    if state.scheduler is not None:
        await state.scheduler.close()
    if state.hub is not None:
        await state.hub.close()


def setup(app: web.Application) -> None:
    """Add `/api/live` and `/api/presence`; start the hub and reminder scheduler with the app."""
    app["live_options"] = LiveOptions()
    app["live"] = LiveState(app)
    app.router.add_get("/api/live", live_socket)
    app.router.add_get("/api/presence", presence_list)
    app.on_startup.append(_start)
    app.on_shutdown.append(_stop)
