"""Active channels have unique names, whatever the case and spacing (issue 8, finding 11)."""

from __future__ import annotations

import asyncio

import asyncpg

from store import db


async def test_twenty_concurrent_commands_create_one_channel_called_dup(as_user, pool):
    alex = await as_user("alex")
    resps = await asyncio.gather(*(alex.client.post("/api/commands", json={"text": "create a channel called Dup"},
                                                    headers=alex.headers) for _ in range(20)))
    outs = [await r.json() for r in resps]
    assert [r.status for r in resps] == [200] * 20
    assert sorted(o["status"] for o in outs) == ["completed"] + ["failed"] * 19
    assert {o["error"]["code"] for o in outs if o["status"] == "failed"} == {"channel_name_taken"}
    assert await pool.fetchval("SELECT count(*) FROM channels WHERE lower(name) = 'dup'") == 1
    done = await alex.post("/api/commands", {"text": "add a task called check it to Dup"}, expect=200)
    assert done["status"] == "completed", done


async def test_rest_refuses_a_channel_name_taken_in_another_case_or_spacing(as_user, pool):
    alex = await as_user("alex")
    for name in ("brand refresh", "  Brand   Refresh ", "BRAND REFRESH"):
        out = await alex.post("/api/channels", {"name": name}, expect=409)
        assert out["error"]["code"] == "channel_name_taken"
    q4 = await pool.fetchval("SELECT id FROM channels WHERE name = 'Q4 Close'")
    out = await alex.patch(f"/api/channels/{q4}", {"name": "brand refresh"}, expect=409)
    assert out["error"]["code"] == "channel_name_taken"


async def test_concurrent_rest_creates_of_one_name_make_one_channel(as_user, pool):
    alex = await as_user("alex")
    resps = await asyncio.gather(*(alex.client.post("/api/channels", json={"name": f"Race{' ' * (i % 3)}"},
                                                    headers=alex.headers) for i in range(20)))
    statuses = sorted(r.status for r in resps)
    assert statuses == [201] + [409] * 19
    assert await pool.fetchval("SELECT count(*) FROM channels WHERE lower(btrim(name)) = 'race'") == 1


async def test_an_archived_channel_frees_its_name_and_cannot_be_reopened_over_a_new_one(as_user, pool):
    alex = await as_user("alex")
    old = await pool.fetchval("SELECT id FROM channels WHERE name = 'Q4 Close'")
    await alex.delete(f"/api/channels/{old}", expect=200)
    await alex.post("/api/channels", {"name": "Q4 close"}, expect=201)
    out = await alex.patch(f"/api/channels/{old}", {"status": "active"}, expect=409)
    assert out["error"]["code"] == "channel_name_taken"


async def test_the_migration_renames_existing_duplicates_and_then_enforces_uniqueness(empty_db_dsn):
    conn = await asyncpg.connect(empty_db_dsn)
    try:
        files = db.migration_files()
        later = [f for f in files if "unique_channel_names" in f[1]]
        assert later, "the unique-channel-names migration exists"
        version = later[0][0]
        for v, _name, sql in files:
            if v < version:
                await conn.execute(sql)
        user = await conn.fetchval("INSERT INTO users (email, full_name, role, password_hash) "
                                   "VALUES ('a@x.io', 'A', 'ceo', 'x') RETURNING id")
        for name, status in (("Dup", "active"), ("dup ", "active"), ("DUP", "paused"), ("Dup", "archived"),
                             ("Dup (2)", "active"), ("Other", "active")):
            await conn.execute("INSERT INTO channels (name, status, created_by) VALUES ($1, $2, $3)",
                               name, status, user)
        await conn.execute(later[0][2])
        rows = await conn.fetch("SELECT name, status::text AS status FROM channels ORDER BY created_at, name")
        active = [r["name"] for r in rows if r["status"] != "archived"]
        keys = [" ".join(n.split()).lower() for n in active]
        assert len(keys) == len(set(keys)), active
        assert "Dup" in active and "Other" in active and len(active) == 5
        assert [r["name"] for r in rows if r["status"] == "archived"] == ["Dup"]
        try:
            await conn.execute("INSERT INTO channels (name, created_by) VALUES ('  other', $1)", user)
            raise AssertionError("a duplicate active name was accepted")
        except asyncpg.UniqueViolationError:
            pass
    finally:
        await conn.close()

