"""`/api/live`: committed changes, voice progress and presence, pushed to each signed-in person.

The contract (Zulip's events system): every stored event has an id; a client that reconnects
sends the last id it saw (`last_event_id`) and is replayed the gap from PostgreSQL, then gets
`{"type": "ready", "last_event_id": N}` and live events in id order, with no gap and no
duplicate. Too old a cursor gets `{"type": "resync_required"}` (refetch state over REST).
This module is the protocol and its wiring: the routes, `publish_ephemeral` and `setup(app)`. Each
node's `Hub` (server/live_hub.py) orders and fans out events; a `Connection`
(server/live_connection.py) is one socket's buffer, heartbeats and token expiry. See docs/live.md.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from aiohttp import WSMsgType, web

from server.auth import authenticate, bearer_token, user_from_token
from server.errors import ApiError
from server.http import json_response
from server.keys import BUS, LIVE, LIVE_OPTIONS, ON_LOGOUT, POOL, SETTINGS, TOKENS
from server.live_connection import BAD_REQUEST, TOKEN_EXPIRED, Connection, LiveOptions
from server.live_hub import Hub
from server.scheduler import ReminderScheduler
from store import event_types


async def publish_ephemeral(app: web.Application, event: dict[str, Any], *, user_ids: list[Any] | None = None,
                            channel_id: Any = None) -> None:
    """Push something live-only (transcript partials, a plan, action progress) to the people it is for.

    Not stored and without an id, so resuming clients never see a gap for it. `user_ids` and/or
    `channel_id` pick the audience exactly like stored events; neither means everyone.
    """
    await app[BUS].publish_ephemeral({
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
    hub = request.app[LIVE].hub
    assert hub is not None, "the hub starts with the app"
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
    while (message := await conn.receive()) is not None:
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
            conn.family_id = str(user.family_id) if user.family_id else None
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
    hub = request.app[LIVE].hub
    assert hub is not None, "the hub starts with the app"
    people = await hub.presence.online()
    return json_response({"users": [
        {"user_id": p.user_id, "connections": p.connections,
         "channel_ids": [c for c in p.channel_ids if hub.directory.visible(c, str(user.id), user.role)]}
        for p in people]})


async def events_schema(request: web.Request) -> web.Response:
    """GET /api/events.schema.json: the JSON Schema of every live event (the shape, no data; no token)."""
    return json_response(event_types.json_schema())


@dataclass
class LiveState:
    """`app[LIVE]`: this node's hub and scheduler, and the ephemeral entry point for other parts."""

    app: web.Application
    hub: Hub | None = None
    scheduler: ReminderScheduler | None = None

    async def publish_ephemeral(self, event: dict[str, Any], *, user_ids: list[Any] | None = None,
                                channel_id: Any = None) -> None:
        await publish_ephemeral(self.app, event, user_ids=user_ids, channel_id=channel_id)

    async def signed_out(self, user_id: Any) -> None:
        """A sign-in of `user_id` was revoked (sign-out, refresh-token reuse): close its sockets on every node."""
        if self.hub is not None:
            await self.hub.signed_out(user_id)


async def _start(app: web.Application) -> None:
    state: LiveState = app[LIVE]
    state.hub = Hub(app)
    await state.hub.start()
    options: LiveOptions = app[LIVE_OPTIONS]
    if options.scheduler:
        days = app[SETTINGS].event_retention_days
        settings = app[SETTINGS]
        state.scheduler = ReminderScheduler(app[POOL], app[BUS], interval_s=options.scheduler_interval_s,
                                            retention=timedelta(days=days) if days else None,
                                            digest_at=settings.digest_at, zone=settings.org_timezone,
                                            digest_every_s=options.digest_every_s)
        state.scheduler.start()


async def _stop(app: web.Application) -> None:
    state: LiveState = app[LIVE]
    if state.scheduler is not None:
        await state.scheduler.close()
    if state.hub is not None:
        await state.hub.close()


def setup(app: web.Application) -> None:
    """Add `/api/live` and `/api/presence`; start the hub and reminder scheduler with the app."""
    app[LIVE_OPTIONS] = LiveOptions()
    app[LIVE] = LiveState(app)
    app.router.add_get("/api/live", live_socket)
    app.router.add_get("/api/presence", presence_list)
    app.router.add_get("/api/events.schema.json", events_schema)
    app.setdefault(ON_LOGOUT, []).append(app[LIVE].signed_out)
    tokens = app.get(TOKENS)
    if tokens is not None:
        tokens.on_revoke.append(app[LIVE].signed_out)
    app.on_startup.append(_start)
    app.on_shutdown.append(_stop)
