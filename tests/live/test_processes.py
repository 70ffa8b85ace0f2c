"""Two real `voicedesk serve` processes sharing PostgreSQL and Redis."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import sys
from pathlib import Path

import aiohttp

from tests.conftest import DEMO_PASSWORD
from tests.live.conftest import free_port


async def _serve(db_dsn: str, redis_url: str, data_dir: Path, secret: str) -> tuple[asyncio.subprocess.Process, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_dsn, "REDIS_URL": redis_url, "JWT_SECRET": secret,
           "VOICEDESK_DATA_DIR": str(data_dir), "VOICEDESK_LOG_LEVEL": "WARNING"}
    os.makedirs(data_dir, exist_ok=True)
    log = data_dir / "server.log"
    with open(log, "wb") as out:
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "server.cli", "serve", "--port", str(port),
                                                    env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as http:
        for _ in range(200):
            try:
                async with http.get(f"{base}/healthz") as resp:
                    if resp.status == 200:
                        return proc, base
            except aiohttp.ClientError:
                pass
            if proc.returncode is not None:
                with open(log) as text:
                    raise RuntimeError(f"server exited: {text.read()}")
            await asyncio.sleep(0.1)
    raise RuntimeError("server did not come up")


async def _login(http: aiohttp.ClientSession, base: str, first_name: str) -> str:
    async with http.post(f"{base}/api/auth/login",
                         json={"email": f"{first_name}@example.com", "password": DEMO_PASSWORD}) as resp:
        assert resp.status == 200
        return str((await resp.json())["access_token"])


async def test_a_change_on_one_server_process_reaches_a_websocket_on_another(db_dsn, private_redis, tmp_path):
    secret = secrets.token_urlsafe(32)
    procs = []
    try:
        for name in ("a", "b"):
            procs.append(await _serve(db_dsn, private_redis.url, tmp_path / name, secret))
        (_, base_a), (_, base_b) = procs
        async with aiohttp.ClientSession() as http:
            ceo = {"Authorization": f"Bearer {await _login(http, base_a, 'alex')}"}
            tom = {"Authorization": f"Bearer {await _login(http, base_b, 'tom')}"}
            async with http.get(f"{base_a}/api/channels", headers=ceo) as resp:
                infra = next(c["id"] for c in (await resp.json())["items"] if c["name"] == "Infrastructure")
            async with http.ws_connect(f"{base_b}/api/live", headers=tom) as ws:
                assert json.loads((await ws.receive(timeout=5)).data)["type"] == "ready"
                async with http.post(f"{base_a}/api/tasks", headers=ceo,
                                     json={"channel_id": infra, "title": "Across the cluster"}) as resp:
                    assert resp.status == 201
                    task = await resp.json()
                async with asyncio.timeout(5):
                    while True:
                        body = json.loads((await ws.receive()).data)
                        if body["type"] == "event" and body["event"]["type"] == "task.created":
                            break
                assert body["event"]["entity_id"] == task["id"]
    finally:
        for proc, _ in procs:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await proc.wait()
