"""Shared benchmark scaffolding: a scratch database with the demo organisation, a real server
on a loopback port, signed-in clients, and percentile/RSS reporting."""

from __future__ import annotations

import asyncio
import os
import resource
import secrets
import statistics
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from aiohttp import web

from server.app import create_app, settle_memory
from server.auth import hash_password_async
from server.settings import Settings
from store import db, demo

ADMIN_DSN = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or \
    "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "bench-password"


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) by nearest rank; values in any order."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary(name: str, values_ms: list[float]) -> str:
    return (f"{name:<44} n={len(values_ms):<5} p50={percentile(values_ms, 50):8.1f} ms  "
            f"p95={percentile(values_ms, 95):8.1f} ms  p99={percentile(values_ms, 99):8.1f} ms  "
            f"mean={statistics.fmean(values_ms) if values_ms else float('nan'):8.1f} ms")


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@asynccontextmanager
async def scratch_database() -> AsyncIterator[str]:
    """A new database, migrated and seeded with the demo organisation; dropped afterwards."""
    embedded = None
    admin = ADMIN_DSN
    try:
        conn = await asyncpg.connect(admin, timeout=3)
        await conn.close()
    except (OSError, asyncpg.PostgresError, TimeoutError):
        embedded = db.EmbeddedPostgres(Path(tempfile.mkdtemp(prefix="vd-bench-")))
        admin = await asyncio.to_thread(embedded.start)
    name = f"vd_bench_{secrets.token_hex(4)}"
    conn = await asyncpg.connect(admin)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    dsn = db.with_database(admin, name)
    pool = await db.create_pool(dsn, min_size=1, max_size=2)
    async with pool.acquire() as c:
        await db.migrate(c)
    await demo.seed(pool, await hash_password_async(PASSWORD))
    await pool.close()
    try:
        yield dsn
    finally:
        conn = await asyncpg.connect(admin)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()
        if embedded is not None:
            embedded.stop()


@dataclass
class Server:
    url: str
    app: web.Application
    runner: web.AppRunner


@asynccontextmanager
async def serve(dsn: str, *, recognizer: Any = None, **overrides: Any) -> AsyncIterator[Server]:
    """Run the real app on 127.0.0.1 (random port) against `dsn`, set up as `voicedesk serve` sets itself up
    (its memory settled after start-up); `overrides` are Settings fields."""
    settings = replace(Settings(data_dir=Path(tempfile.mkdtemp(prefix="vd-bench-data-")),
                                jwt_secret=secrets.token_urlsafe(32), database_url=dsn,
                                rate_limit_per_minute=10**6, access_token_ttl_s=3600), **overrides)
    app = create_app(settings, recognizer=recognizer)
    app.on_startup.append(settle_memory)  # as `voicedesk serve` does
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=2048)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield Server(f"http://127.0.0.1:{port}", app, runner)
    finally:
        await runner.cleanup()


async def sign_in(http: aiohttp.ClientSession, url: str, first_name: str) -> dict[str, str]:
    async with http.post(f"{url}/api/auth/login",
                         json={"email": f"{first_name}@example.com", "password": PASSWORD}) as resp:
        body = await resp.json()
        if resp.status != 200:
            raise RuntimeError(f"sign-in failed: {body}")
        return {"Authorization": f"Bearer {body['access_token']}"}


@dataclass
class ServerProcess:
    url: str
    process: asyncio.subprocess.Process

    def peak_rss_mb(self) -> float:
        """VmHWM (peak resident set) of the server process, from /proc."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def serve_process(dsn: str, *, env: dict[str, str] | None = None) -> AsyncIterator[ServerProcess]:
    """`voicedesk serve` in its own process (so load generators don't share its event loop)."""
    import sys

    port = free_port()
    data_dir = tempfile.mkdtemp(prefix="vd-bench-node-")
    full_env = {**os.environ, "DATABASE_URL": dsn, "VOICEDESK_PORT": str(port), "VOICEDESK_DATA_DIR": data_dir,
                "VOICEDESK_RATE_LIMIT_PER_MINUTE": "10000000", "VOICEDESK_ACCESS_TOKEN_TTL": "3600",
                "JWT_SECRET": os.environ.get("BENCH_JWT_SECRET", "bench-secret-" + "x" * 32),
                "VOICEDESK_LOG_LEVEL": "WARNING", **(env or {})}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "server.cli", "serve", env=full_env,
                                                stdout=asyncio.subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                try:
                    async with http.get(f"{url}/healthz") as resp:
                        if resp.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                if proc.returncode is not None:
                    raise RuntimeError("the server process exited during start-up")
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("the server did not become healthy within 30 s")
        yield ServerProcess(url, proc)
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), timeout=10)
            except TimeoutError:
                proc.kill()
