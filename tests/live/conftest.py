"""Live fixtures: app nodes sharing one test database and one Redis stream, WebSocket clients,
and a private redis-server that a test may stop and start (the machine's Redis is never touched
beyond keys under the test's own prefix)."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import redis.asyncio as aioredis

from server.app import create_app
from server.bus import InProcessBus
from server.keys import LIVE, LIVE_OPTIONS
from server.live import LiveOptions
from server.redis_bus import RedisBus
from server.settings import Settings
from store import db
from tests.conftest import Session, sign_in

MACHINE_REDIS = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveClient:
    """A WebSocket on /api/live that remembers every message it got."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.messages: list[dict[str, Any]] = []
        self._unread: list[dict[str, Any]] = []
        self.close_code: int | None = None

    async def next(self, kind: str | None = None, timeout: float = 5.0) -> dict[str, Any]:
        """The next message (of `kind`; others stay queued for later calls); raises TimeoutError."""
        for i, body in enumerate(self._unread):
            if kind is None or body["type"] == kind:
                del self._unread[i]
                return body
        async with asyncio.timeout(timeout):
            while True:
                msg = await self.ws.receive()
                if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                    self.close_code = self.ws.close_code
                    raise ConnectionError(f"closed {self.ws.close_code}")
                body = json.loads(msg.data)
                self.messages.append(body)
                if kind is None or body["type"] == kind:
                    return body
                self._unread.append(body)

    async def event(self, predicate: Callable[[dict[str, Any]], bool] = lambda e: True,
                    timeout: float = 5.0) -> dict[str, Any]:
        while True:
            body = await self.next("event", timeout)
            if predicate(body["event"]):
                return body["event"]

    async def drain(self, seconds: float) -> list[dict[str, Any]]:
        """Every stored event received within `seconds`."""
        got: list[dict[str, Any]] = []
        try:
            async with asyncio.timeout(seconds):
                while True:
                    got.append((await self.next("event", seconds))["event"])
        except TimeoutError:
            pass
        return got

    async def closed(self, timeout: float = 5.0) -> int | None:
        """Wait for the server to close; the close code."""
        async with asyncio.timeout(timeout):
            while True:
                msg = await self.ws.receive()
                if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                    return self.ws.close_code
                self.messages.append(json.loads(msg.data))

    async def send(self, body: dict[str, Any]) -> None:
        await self.ws.send_str(json.dumps(body))

    async def close(self) -> None:
        await self.ws.close()


class Node:
    """One app instance: its own pool, bus and test server, sharing the test database."""

    def __init__(self, client: Any, app: Any) -> None:
        self.client = client
        self.app = app
        self.sessions: dict[str, Session] = {}

    async def session(self, first_name: str) -> Session:
        if first_name not in self.sessions:
            self.sessions[first_name] = await sign_in(self.client, first_name)
        return self.sessions[first_name]

    async def live(self, first_name: str, *, last_event_id: int | None = None, ready: bool = True,
                   **query: str) -> LiveClient:
        """Open /api/live signed in as the person (bearer header); waits for `ready` by default."""
        session = await self.session(first_name)
        params = {k: v for k, v in query.items()}
        if last_event_id is not None:
            params["last_event_id"] = str(last_event_id)
        ws = await self.client.ws_connect("/api/live", headers=session.headers, params=params)
        live = LiveClient(ws)
        if ready:
            await live.next("ready")
        return live

    @property
    def hub(self) -> Any:
        return self.app[LIVE].hub


@pytest.fixture
def stream() -> str:
    return f"vdtest:{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def make_node(db_dsn: str, settings: Settings, stream: str, aiohttp_client: Any) -> AsyncIterator[Any]:
    """`await make_node(redis_url=..., options=..., settings=...)` → a started Node."""
    made: list[tuple[Any, Any, Any]] = []

    async def make(*, redis_url: str | None = MACHINE_REDIS, options: dict[str, Any] | None = None,
                   node_settings: Settings | None = None, **bus_kwargs: Any) -> Node:
        pool = await db.create_pool(db_dsn, min_size=1, max_size=10)
        redis = None
        if redis_url is not None:
            redis = aioredis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=1)
            bus: Any = RedisBus(redis, pool, stream=stream, **{"relay_interval_s": 0.2, **bus_kwargs})
        else:
            bus = InProcessBus()
        app = create_app(node_settings or settings, pool=pool, bus=bus)
        app[LIVE_OPTIONS] = replace(LiveOptions(scheduler_interval_s=0.2), **(options or {}))
        client = await aiohttp_client(app)
        made.append((client, pool, redis))
        return Node(client, app)

    yield make
    for client, pool, redis in made:
        await client.close()
        await pool.close()
        if redis is not None:
            try:
                keys = [k async for k in redis.scan_iter(match=f"{stream}*")]
                if keys:
                    await redis.delete(*keys)
            except Exception:  # a private Redis may be gone already
                pass
            await redis.aclose()


class PrivateRedis:
    """A redis-server of our own on a free port, to stop and restart mid-test."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no", "--daemonize", "yes", "--dir", str(self.workdir),
                        "--pidfile", str(self.workdir / "redis.pid"), "--logfile", str(self.workdir / "redis.log")],
                       check=True)
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                              text=True).stdout.strip() == "PONG":
                return
            import time

            time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True)


@pytest.fixture
def private_redis(tmp_path: Path) -> Any:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
