"""`/healthz`: database and bus status, no sign-in needed."""

from __future__ import annotations

from server.app import create_app
from server.bus import InProcessBus
from store import db


async def test_healthz_reports_the_database_and_the_bus(client):
    resp = await client.get("/healthz")
    assert resp.status == 200
    body = await resp.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["bus"] == {"kind": "in-process", "state": "ok"}
    assert body["version"]


class _DownBus(InProcessBus):
    name = "redis"

    async def health(self) -> str:
        return "down: ConnectionError"


async def test_a_bus_that_is_down_degrades_but_does_not_fail_health(settings, pool, aiohttp_client):
    client = await aiohttp_client(create_app(settings, pool=pool, bus=_DownBus()))
    body = await (await client.get("/healthz")).json()
    assert body["status"] == "degraded" and body["database"] == "ok"
    assert body["bus"] == {"kind": "redis", "state": "down: ConnectionError"}


async def test_a_database_that_is_down_is_a_503(settings, db_dsn, aiohttp_client):
    pool = await db.create_pool(db_dsn, min_size=1, max_size=1)
    client = await aiohttp_client(create_app(settings, pool=pool, bus=InProcessBus()))
    await pool.close()
    resp = await client.get("/healthz")
    assert resp.status == 503
    body = await resp.json()
    assert body["status"] == "down" and body["database"].startswith("down")


async def test_openapi_and_docs_are_served(client):
    spec = await (await client.get("/api/openapi.json")).json()
    assert spec["openapi"].startswith("3.1") and "/api/channels" in spec["paths"]
    assert (await client.get("/api/docs")).status == 200
