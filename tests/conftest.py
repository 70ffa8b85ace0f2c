"""Shared fixtures: a real PostgreSQL (the machine's, else the embedded one), one fresh database
per test cloned from a migrated and seeded template, and an app client signed in as anyone."""

from __future__ import annotations

import asyncio
import os
import secrets
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from argon2 import PasswordHasher

from server.app import create_app
from server.bus import InProcessBus
from server.settings import Settings
from store import db, demo

DEMO_PASSWORD = "demo-password-for-tests"
_ADMIN_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"


async def _reachable(dsn: str) -> bool:
    try:
        conn = await asyncpg.connect(dsn, timeout=3)
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return False
    await conn.close()
    return True


@pytest.fixture(scope="session")
async def admin_dsn(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """A DSN with rights to create databases: TEST_DATABASE_URL, the machine's server, or embedded."""
    dsn = os.environ.get("TEST_DATABASE_URL") or _ADMIN_DEFAULT
    if await _reachable(dsn):
        yield dsn
        return
    embedded = db.EmbeddedPostgres(tmp_path_factory.mktemp("embedded-pg"))
    yield await asyncio.to_thread(embedded.start)
    embedded.stop()


@pytest.fixture(scope="session")
async def template_db(admin_dsn: str) -> AsyncIterator[str]:
    name = f"vd_tmpl_{os.getpid()}_{secrets.token_hex(3)}"
    conn = await asyncpg.connect(admin_dsn)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    pool = await db.create_pool(db.with_database(admin_dsn, name), min_size=1, max_size=2)
    async with pool.acquire() as c:
        await db.migrate(c)
    # Cheap argon2 parameters for the demo people: every test signs in, and verification cost
    # follows the parameters stored in the hash. Production hashes use server.auth's settings.
    await demo.seed(pool, PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(DEMO_PASSWORD))
    await pool.close()
    yield name
    conn = await asyncpg.connect(admin_dsn)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


async def clone_database(admin_dsn: str, template: str | None) -> str:
    name = f"vd_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(admin_dsn)
    try:
        tmpl = f' TEMPLATE "{template}"' if template else ""
        await conn.execute(f'CREATE DATABASE "{name}"{tmpl}')
    finally:
        await conn.close()
    return name


async def drop_database(admin_dsn: str, name: str) -> None:
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture
async def db_dsn(admin_dsn: str, template_db: str) -> AsyncIterator[str]:
    """A fresh database holding the migrated schema and the demo organisation."""
    name = await clone_database(admin_dsn, template_db)
    yield db.with_database(admin_dsn, name)
    await drop_database(admin_dsn, name)


@pytest.fixture
async def empty_db_dsn(admin_dsn: str) -> AsyncIterator[str]:
    """A fresh database with nothing in it (for migration tests)."""
    name = await clone_database(admin_dsn, None)
    yield db.with_database(admin_dsn, name)
    await drop_database(admin_dsn, name)


@pytest.fixture
async def pool(db_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    p = await db.create_pool(db_dsn, min_size=1, max_size=10)
    yield p
    await p.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # no daily digest unless a test asks for one: it would be a notification other tests do not expect
    return Settings(data_dir=tmp_path, jwt_secret=secrets.token_urlsafe(32), demo_password=DEMO_PASSWORD,
                    digest_at=None)


@pytest.fixture
async def app(settings: Settings, pool: asyncpg.Pool) -> Any:
    return create_app(settings, pool=pool, bus=InProcessBus())


@pytest.fixture
async def client(app: Any, aiohttp_client: Any) -> Any:
    return await aiohttp_client(app)


class Session:
    """A signed-in person talking to the test server."""

    def __init__(self, client: Any, tokens: dict[str, Any]) -> None:
        self.client = client
        self.tokens = tokens
        self.user = tokens["user"]
        self.id = tokens["user"]["id"]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"}

    async def call(self, method: str, path: str, expect: int | None = None, **kwargs: Any) -> Any:
        resp = await self.client.request(method, path, headers=self.headers, **kwargs)
        body = await resp.json() if resp.content_type == "application/json" else None
        if expect is not None:
            assert resp.status == expect, f"{method} {path} -> {resp.status}: {body}"
        return body

    async def get(self, path: str, expect: int | None = 200, **kw: Any) -> Any:
        return await self.call("GET", path, expect, **kw)

    async def post(self, path: str, json: Any = None, expect: int | None = None, **kw: Any) -> Any:
        return await self.call("POST", path, expect, json=json, **kw)

    async def patch(self, path: str, json: Any = None, expect: int | None = 200, **kw: Any) -> Any:
        return await self.call("PATCH", path, expect, json=json, **kw)

    async def delete(self, path: str, expect: int | None = None, **kw: Any) -> Any:
        return await self.call("DELETE", path, expect, **kw)


async def sign_in(client: Any, first_name: str) -> Session:
    resp = await client.post("/api/auth/login",
                             json={"email": f"{first_name.lower()}@example.com", "password": DEMO_PASSWORD})
    assert resp.status == 200, await resp.text()
    return Session(client, await resp.json())


@pytest.fixture
async def as_user(client: Any) -> Any:
    """`await as_user("alex")` → a Session signed in as that demo person."""
    cache: dict[str, Session] = {}

    async def get(first_name: str) -> Session:
        if first_name not in cache:
            cache[first_name] = await sign_in(client, first_name)
        return cache[first_name]

    return get
