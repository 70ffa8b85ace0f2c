"""Typed command → committed, over real HTTP against real PostgreSQL; and REST reads under load.

    python -m bench.bench_commands [--runs 200] [--clients 200]

The server runs as `voicedesk serve` in its own process. Prints p50/p95/p99 of client-observed
latency for typed commands (budget p50 ≤ 50 ms), the server's own stage timings (context,
parse, execute), common REST reads at N concurrent clients (budget p99 ≤ 50 ms), and peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import time

import aiohttp

from bench.harness import peak_rss_mb, scratch_database, serve_process, sign_in, summary

COMMANDS = [
    "Create a marketing channel called Campaign {n} and add Sarah and Mike",
    "Add a task to draft the press release {n} for Mike due Friday, high priority",
    "Create three tasks in the brand refresh channel: shoot photos {n} due Monday, edit video {n} due "
    "next Wednesday and publish post {n} due next Friday. Shoot photos {n} blocks the other two.",
    "Post in the brand refresh channel that the shoot {n} moved to Thursday",
    "Remind Mike about the colour palette on Thursday at 10",
]


async def typed_commands(url: str, runs: int) -> None:
    async with aiohttp.ClientSession() as http:
        headers = await sign_in(http, url, "alex")
        client_ms: list[float] = []
        stages: dict[str, list[float]] = {}
        failures = 0
        for i, template in zip(range(runs), itertools.cycle(COMMANDS), strict=False):
            t0 = time.perf_counter()
            async with http.post(f"{url}/api/commands", json={"text": template.format(n=i)}, headers=headers) as r:
                body = await r.json()
            client_ms.append((time.perf_counter() - t0) * 1000)
            if body.get("status") != "completed":
                failures += 1
            for key, value in (body.get("timings_ms") or {}).items():
                stages.setdefault(key, []).append(value)
    print(summary("typed command → committed (client)", client_ms))
    for key in ("context_ms", "parse_ms", "execute_ms", "total_ms"):
        if key in stages:
            print(summary(f"  server {key}", stages[key]))
    print(f"  commands not completed: {failures}/{runs}")


async def rest_reads(url: str, clients: int, rounds: int, think_s: float | None) -> None:
    """`clients` concurrent clients, each reading `rounds` times. With `think_s`, each client waits
    about that long between requests (open-loop: people watching a board); without it, every
    client fires its next request as soon as the last returns (closed loop: the throughput limit)."""
    import random

    people = ["alex", "sarah", "mike", "priya", "david", "elena", "tom", "lisa"]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=clients)) as http:
        tokens = [await sign_in(http, url, p) for p in people]
        paths = ["/api/channels", "/api/tasks?limit=50", "/api/notifications/unread-count", "/api/auth/me"]
        latencies: list[float] = []
        errors = 0

        async def client(i: int) -> None:
            nonlocal errors
            headers = tokens[i % len(tokens)]
            if think_s:
                await asyncio.sleep(random.uniform(0, think_s))
            for r in range(rounds):
                path = paths[(i + r) % len(paths)]
                t0 = time.perf_counter()
                async with http.get(url + path, headers=headers) as resp:
                    await resp.read()
                    if resp.status != 200:
                        errors += 1
                latencies.append((time.perf_counter() - t0) * 1000)
                if think_s:
                    await asyncio.sleep(random.uniform(0.5 * think_s, 1.5 * think_s))

        t0 = time.perf_counter()
        await asyncio.gather(*(client(i) for i in range(clients)))
        wall = time.perf_counter() - t0
    mode = f"every ~{think_s:g} s" if think_s else "back to back"
    print(summary(f"REST reads, {clients} clients, {mode}", latencies))
    print(f"  throughput {len(latencies) / wall:.0f} req/s, errors {errors}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a client's reads")
    args = parser.parse_args()
    async with scratch_database() as dsn, serve_process(dsn) as server:
        await typed_commands(server.url, args.runs)
        await rest_reads(server.url, args.clients, args.rounds, args.think)
        await rest_reads(server.url, args.clients, args.rounds, None)
        print(f"peak RSS: server process {server.peak_rss_mb():.0f} MB, load generator {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
