"""Commit → event on a staff WebSocket, with 200 clients connected: p50/p95/p99 and server peak RSS.

    python -m bench.bench_live [--clients 200] [--commits 100]

Creates a scratch database (see `bench.harness`), seeds the demo organisation, and runs real
`voicedesk serve` processes:

1. one node, in-process bus: every client on it;
2. two nodes sharing a private redis-server (started here on a free port): clients split
   evenly, every commit made on node A, so half the clients measure the cross-node path.

Commit time is the event's `created_at` (the transaction's start, so a few ms pessimistic);
received time is when the client's loop parsed the message. Commits are paced (one every
20 ms) so the figures are latency, not a throughput test. Everything is dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime

import aiohttp

from bench.harness import PASSWORD, ServerProcess, free_port, percentile, scratch_database, serve_process

PEOPLE = ["alex", "sarah", "mike", "priya", "david", "elena", "tom", "lisa"]


async def _run(*argv: str) -> None:
    proc = await asyncio.create_subprocess_exec(*argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    await proc.wait()


@dataclass
class Client:
    node: str
    ws: aiohttp.ClientWebSocketResponse
    latencies_ms: list[float] = field(default_factory=list)


async def _read(client: Client, marker: str) -> None:
    async for msg in client.ws:
        if msg.type != aiohttp.WSMsgType.TEXT:
            break
        received = time.time()
        body = json.loads(msg.data)
        if body["type"] != "event":
            continue
        event = body["event"]
        if event["type"] == "task.created" and event["payload"]["title"].startswith(marker):
            committed = datetime.fromisoformat(event["created_at"]).timestamp()
            client.latencies_ms.append((received - committed) * 1000)


def _summary(label: str, values: list[float], expected: int) -> str:
    if not values:
        return f"  {label:<28} no events received"
    return (f"  {label:<28} n={len(values):>6}/{expected:<6} p50 {percentile(values, 50):6.1f} ms   "
            f"p95 {percentile(values, 95):6.1f} ms   p99 {percentile(values, 99):6.1f} ms   max {max(values):6.1f} ms   "
            f"mean {statistics.fmean(values):6.1f} ms")


async def _scenario(label: str, servers: list[ServerProcess], n_clients: int, n_commits: int) -> None:
    marker = f"bench-{secrets.token_hex(3)}"
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        tokens: dict[str, str] = {}
        for person in PEOPLE:
            async with http.post(f"{servers[0].url}/api/auth/login",
                                 json={"email": f"{person}@example.com", "password": PASSWORD}) as resp:
                tokens[person] = (await resp.json())["access_token"]
        ceo = {"Authorization": f"Bearer {tokens['alex']}"}
        async with http.get(f"{servers[0].url}/api/channels?limit=200", headers=ceo) as resp:
            infra = next(c["id"] for c in (await resp.json())["items"] if c["name"] == "Infrastructure")

        clients: list[Client] = []
        for i in range(n_clients):
            server = servers[i % len(servers)]
            ws = await http.ws_connect(f"{server.url}/api/live", max_msg_size=0,
                                       headers={"Authorization": f"Bearer {tokens[PEOPLE[i % len(PEOPLE)]]}"})
            ready = json.loads((await ws.receive(timeout=10)).data)
            assert ready["type"] == "ready", ready
            clients.append(Client("A" if server is servers[0] else "B", ws))
        readers = [asyncio.create_task(_read(c, marker)) for c in clients]

        started = time.perf_counter()
        for k in range(n_commits):
            async with http.post(f"{servers[0].url}/api/tasks", headers=ceo,
                                 json={"channel_id": infra, "title": f"{marker} {k}"}) as resp:
                assert resp.status == 201, await resp.text()
            await asyncio.sleep(0.02)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(len(c.latencies_ms) < n_commits for c in clients):
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        for c in clients:
            await c.ws.close()
        for r in readers:
            r.cancel()
        await asyncio.gather(*readers, return_exceptions=True)

    print(f"{label}: {n_clients} clients, {n_commits} commits in {elapsed:.1f} s")
    print(_summary("all clients", [v for c in clients for v in c.latencies_ms], n_clients * n_commits))
    if len(servers) > 1:
        for node in ("A", "B"):
            mine = [c for c in clients if c.node == node]
            where = "same node as the writer" if node == "A" else "other node (via Redis)"
            print(_summary(f"node {node}: {where}", [v for c in mine for v in c.latencies_ms],
                           len(mine) * n_commits))


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--commits", type=int, default=100)
    args = parser.parse_args(argv)

    async with scratch_database() as dsn:
        async with serve_process(dsn, env={"REDIS_URL": ""}) as server:
            try:
                await _scenario("one node, in-process bus", [server], args.clients, args.commits)
            finally:
                print(f"  peak RSS: {server.peak_rss_mb():.0f} MiB")

        if shutil.which("redis-server") is None:
            print("two nodes: skipped (redis-server is not installed)")
            return
        redis_port = free_port()
        workdir = tempfile.mkdtemp(prefix="vd-bench-redis-")
        await _run("redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--daemonize", "yes", "--dir", workdir)
        await asyncio.sleep(0.3)
        redis = {"REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
        try:
            async with serve_process(dsn, env=redis) as a, serve_process(dsn, env=redis) as b:
                try:
                    await _scenario("two nodes, Redis Streams bus", [a, b], args.clients, args.commits)
                finally:
                    print(f"  peak RSS: node A {a.peak_rss_mb():.0f} MiB, node B {b.peak_rss_mb():.0f} MiB")
        finally:
            await _run("redis-cli", "-p", str(redis_port), "shutdown", "nosave")
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
