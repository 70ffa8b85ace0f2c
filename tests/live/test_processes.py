"""Two real `voicedesk serve` processes sharing PostgreSQL and Redis."""

from __future__ import annotations

import asyncio
import json

import aiohttp

from bench.harness import serve_process
from tests.conftest import DEMO_PASSWORD


async def _login(http: aiohttp.ClientSession, base: str, first_name: str) -> str:
    async with http.post(f"{base}/api/auth/login",
                         json={"email": f"{first_name}@example.com", "password": DEMO_PASSWORD}) as resp:
        assert resp.status == 200
        return str((await resp.json())["access_token"])


async def test_a_change_on_one_server_process_reaches_a_websocket_on_another(db_dsn, private_redis):
    redis = {"REDIS_URL": private_redis.url}
    async with serve_process(db_dsn, env=redis) as a, serve_process(db_dsn, env=redis) as b, \
            aiohttp.ClientSession() as http:
        ceo = {"Authorization": f"Bearer {await _login(http, a.url, 'alex')}"}
        tom = {"Authorization": f"Bearer {await _login(http, b.url, 'tom')}"}
        async with http.get(f"{a.url}/api/channels", headers=ceo) as resp:
            infra = next(c["id"] for c in (await resp.json())["items"] if c["name"] == "Infrastructure")
        async with http.ws_connect(f"{b.url}/api/live", headers=tom) as ws:
            assert json.loads((await ws.receive(timeout=5)).data)["type"] == "ready"
            async with http.post(f"{a.url}/api/tasks", headers=ceo,
                                 json={"channel_id": infra, "title": "Across the cluster"}) as resp:
                assert resp.status == 201
                task = await resp.json()
            async with asyncio.timeout(5):
                while True:
                    body = json.loads((await ws.receive()).data)
                    if body["type"] == "event" and body["event"]["type"] == "task.created":
                        break
            assert body["event"]["entity_id"] == task["id"]
