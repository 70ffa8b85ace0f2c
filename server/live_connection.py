"""One `/api/live` WebSocket: its bounded outgoing buffer, heartbeats and token expiry.

The `Hub` (server/live_hub.py) decides what each `Connection` receives; the connection only queues,
writes and closes. `LiveOptions` and the close codes are shared by the whole live feed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import WSMessage, WSMsgType, web

from server.auth import AuthUser

if TYPE_CHECKING:
    from server.live_hub import ChannelDirectory, Hub

# Close codes (4000-4999 are the application's).
TOKEN_EXPIRED, BAD_REQUEST, RESYNC, SLOW_CONSUMER = 4001, 4400, 4009, 4008
_ENDED = (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR)


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
    digest_every_s: float = 30.0  # how often the scheduler looks for daily digests that are due
    close_timeout_s: float = 2.0


class Connection:
    """One live WebSocket: who it is, what it wants, and its bounded outgoing buffer."""

    def __init__(self, ws: web.WebSocketResponse, user: AuthUser, options: LiveOptions, transport: Any) -> None:
        self.id = uuid.uuid4().hex[:12]
        self.ws = ws
        self.user_id = str(user.id)
        self.role = user.role
        self.family_id = str(user.family_id) if user.family_id else None  # the sign-in; its revocation closes us
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
        self._closing: asyncio.Future[None] | None = None  # set once a close starts; done when it is over
        self._close_request: asyncio.Future[tuple[int, str]] = asyncio.get_running_loop().create_future()
        self._reading = False  # the handler's task waits in `receive`
        self._finishing = False
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

    async def receive(self) -> WSMessage | None:
        """The client's next message; None once the socket is closing or closed.

        Only this (the handler's) task reads the socket. A close asked for by another task while it
        waits here is carried out here: aiohttp closing a socket under a waiting reader drops the
        TCP connection before the client can answer the close frame, and the client sees 1006.
        """
        if self._closing is not None:
            await asyncio.shield(self._closing)
            return None
        self._reading = True
        receive = asyncio.ensure_future(self.ws.receive())
        try:
            either: set[asyncio.Future[Any]] = {receive, self._close_request}
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
            if receive.done() and not self._close_request.done():
                message = receive.result()
                return None if message.type in _ENDED else message
        finally:
            self._reading = False
            if not receive.done():
                receive.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await receive
        if self._close_request.done():
            await self._finish(*self._close_request.result())
        return None

    async def close(self, code: int, reason: str) -> None:
        """Close with `code` once (by the reading task if it is waiting); later calls wait for that close."""
        if self._closing is None:
            self._closing = asyncio.get_running_loop().create_future()
            self.closed = True
            self.close_reason = reason
            if self._reading:
                self._close_request.set_result((code, reason))
                # The reading task carries the close out, unless it never gets to (cancelled with its
                # handler at shutdown, say): then it is done here, so a close never waits forever
                # (a server stopping hung in a full CI run before this).
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(self._closing), self.options.close_timeout_s + 1.0)
                if not self._closing.done():
                    await self._finish(code, reason)
            else:
                await self._finish(code, reason)
        await asyncio.shield(self._closing)

    async def _finish(self, code: int, reason: str) -> None:
        assert self._closing is not None
        if self._finishing:
            return
        self._finishing = True
        try:
            await self._close(code, reason)
        finally:
            if not self._closing.done():
                self._closing.set_result(None)

    async def _close(self, code: int, reason: str) -> None:
        current = asyncio.current_task()
        for task in self._tasks:
            if task is not current:
                task.cancel()
        try:
            await asyncio.wait_for(self.ws.close(code=code, message=reason.encode()), self.options.close_timeout_s)
        except (TimeoutError, ConnectionError, RuntimeError):
            if self.transport is not None:
                self.transport.abort()  # a client that reads nothing cannot even take the close frame
