"""Migrations: idempotent, safe from two nodes at once, and the schema enforces its own rules."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from store import db


@pytest.fixture
async def conn(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    async with pool.acquire() as c:
        yield c


async def test_migrating_twice_applies_nothing_the_second_time(empty_db_dsn):
    conn = await asyncpg.connect(empty_db_dsn)
    try:
        first = await db.migrate(conn)
        second = await db.migrate(conn)
        assert first == [name for _, name, _ in db.migration_files()]
        assert first and second == []
        versions = await conn.fetch("SELECT version FROM schema_migrations ORDER BY version")
        assert [r["version"] for r in versions] == [v for v, _, _ in db.migration_files()]
    finally:
        await conn.close()


async def test_two_nodes_migrating_at_once_both_succeed_and_apply_once(empty_db_dsn):
    a, b = await asyncpg.connect(empty_db_dsn), await asyncpg.connect(empty_db_dsn)
    try:
        applied_a, applied_b = await asyncio.gather(db.migrate(a), db.migrate(b))
        everything = [name for _, name, _ in db.migration_files()]
        assert sorted([applied_a, applied_b], key=len) == [[], everything]
        assert await a.fetchval("SELECT count(*) FROM schema_migrations") == len(everything)
        # The advisory lock is released: a third run neither blocks nor applies anything.
        assert await asyncio.wait_for(db.migrate(a), timeout=10) == []
    finally:
        await a.close()
        await b.close()


async def test_the_seeds_four_performance_indexes_exist(conn):
    indexes = {r["indexname"]: r["indexdef"] for r in await conn.fetch(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")}
    assert "(channel_id, status)" in indexes["tasks_channel_status_idx"]
    assert "(due_date)" in indexes["tasks_due_date_idx"]
    assert "(channel_id, created_at DESC)" in indexes["messages_channel_created_idx"]
    assert "(user_id, is_read, created_at DESC)" in indexes["notifications_user_unread_idx"]


async def test_task_dependencies_are_unique_per_pair(conn):
    definitions = [r["def"] for r in await conn.fetch(
        """SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
           WHERE conrelid = 'task_dependencies'::regclass AND contype = 'u'""")]
    assert "UNIQUE (task_id, depends_on_task_id)" in definitions


async def _two_tasks(conn: asyncpg.Connection) -> tuple[uuid.UUID, uuid.UUID]:
    rows = await conn.fetch("SELECT id FROM tasks ORDER BY title LIMIT 2")
    return rows[0]["id"], rows[1]["id"]


async def test_the_database_refuses_a_task_depending_on_itself(conn):
    task, _ = await _two_tasks(conn)
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute("INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES ($1, $1)", task)


async def test_the_database_refuses_a_duplicate_dependency(conn):
    a, b = await _two_tasks(conn)
    await conn.execute("INSERT INTO task_dependencies (task_id, depends_on_task_id) VALUES ($1, $2)", a, b)
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(
            "INSERT INTO task_dependencies (task_id, depends_on_task_id, dependency_type) VALUES ($1, $2, 'follows')",
            a, b)


async def test_the_database_refuses_a_channel_related_to_itself(conn):
    channel = await conn.fetchval("SELECT id FROM channels LIMIT 1")
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute(
            "INSERT INTO channel_relationships (source_channel_id, target_channel_id) VALUES ($1, $1)", channel)


async def test_the_database_refuses_a_task_that_is_its_own_parent(conn):
    task, _ = await _two_tasks(conn)
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute("UPDATE tasks SET parent_task_id = id WHERE id = $1", task)


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#GGGGGG", "123456", ""])
async def test_the_database_refuses_a_bad_category_colour(conn, colour):
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute("INSERT INTO categories (name, color) VALUES ('Bad', $1)", colour)


async def test_the_database_refuses_a_bad_avatar_colour(conn):
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute("UPDATE users SET avatar_color = 'blue' WHERE email = 'alex@example.com'")


async def test_a_good_colour_in_either_case_is_accepted(conn):
    await conn.execute("INSERT INTO categories (name, color) VALUES ('Fine', '#a1B2c3')")
    assert await conn.fetchval("SELECT color FROM categories WHERE name = 'Fine'") == "#a1B2c3"


async def test_every_timestamp_column_has_a_time_zone(conn):
    kinds = await conn.fetch(
        """SELECT table_name, column_name, data_type FROM information_schema.columns
           WHERE table_schema = 'public' AND data_type LIKE 'timestamp%'""")
    assert len(kinds) > 20
    naive = [f"{r['table_name']}.{r['column_name']}" for r in kinds if r["data_type"] != "timestamp with time zone"]
    assert naive == []


async def test_every_mutable_entity_has_an_updated_at(conn):
    tables = {r["table_name"] for r in await conn.fetch(
        """SELECT table_name FROM information_schema.columns
           WHERE table_schema = 'public' AND column_name = 'updated_at'""")}
    assert {"users", "categories", "channels", "tasks", "shared_resources", "messages", "voice_commands"} <= tables


async def test_the_seed_entities_and_the_systems_own_tables_exist(conn):
    tables = {r["table_name"] for r in await conn.fetch(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    assert {
        "users", "categories", "channels", "tasks", "task_dependencies", "shared_resources", "resource_links",
        "channel_relationships", "voice_commands", "messages", "notifications",
        "channel_members", "refresh_tokens", "audit_log", "events", "idempotency_keys",
    } <= tables


async def test_the_events_outbox_has_a_bigserial_id(conn):
    row = await conn.fetchrow(
        """SELECT data_type, column_default FROM information_schema.columns
           WHERE table_name = 'events' AND column_name = 'id'""")
    assert row["data_type"] == "bigint" and row["column_default"].startswith("nextval(")


async def test_emails_are_unique_whatever_their_case(conn):
    with pytest.raises(asyncpg.UniqueViolationError):
        await conn.execute(
            "INSERT INTO users (email, full_name, password_hash) VALUES ('ALEX@example.com', 'Alex Two', 'x')")
