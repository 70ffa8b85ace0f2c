"""The /api/analytics/* endpoints at 10 000 tasks, 100 people, 50 000 events: p50/p95 per endpoint and asker.

    python -m bench.bench_analytics [--tasks 10000] [--people 100] [--events 50000] [--runs 40] [--via http|process|store]

A scratch database gets the demo organisation plus people up to `--people`, 60 channels (a third private,
each with 4–12 members), `--tasks` tasks over the last 90 days (created, about 45 % completed after a few
hours to a few weeks, 5 % cancelled, due dates around them, estimates, one or two assignees, about one
blocking dependency per two tasks) and `--events` events split into messages (half, a quarter of them
mentioning someone, replies following some), voice commands (30 %, with statuses, planned actions, error
codes and per-stage timings) and audit rows (20 %).

Each endpoint is then asked `--runs` times with the default period (the last 30 days, the whole
organisation) by the CEO, a manager and a staff member, either through the real HTTP app on a loopback port
(`--via http`, the default: auth, validation, SQL, JSON), through `voicedesk serve` in its own process as it is
deployed (`--via process`: the server does not share this process's event loop and garbage collector with the
client), or the store functions directly (`--via store`).
Prints p50/p95 per endpoint and asker, and this process's peak RSS (PostgreSQL runs in its own processes;
with `--via http` the server runs in this process).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import asyncpg

from bench.harness import peak_rss_mb, percentile, scratch_database, serve, serve_process, sign_in
from store import analytics, analytics_activity, db

DAYS = 90
STATUSES = ["todo"] * 5 + ["in_progress"] * 3 + ["blocked", "review"] + ["completed"] * 9 + ["cancelled"]
ACTIONS = ["CREATE_TASK"] * 5 + ["ASSIGN_USER"] * 3 + ["SET_DEADLINE"] * 2 + ["SEND_MESSAGE", "CREATE_CHANNEL",
                                                                          "CREATE_DEPENDENCY", "UPDATE_TASK"]
OUTCOMES = ["completed"] * 16 + ["failed"] * 2 + ["needs_clarification"] * 2
FAILURES = ["unknown_person", "unknown_channel", "forbidden", "dependency_cycle"]
UNCLEAR = ["add it to the thing", "move that one", "give it to him", "put it there", "do the usual"]
ENDPOINTS = ("team", "projects", "communication", "commands")


async def seed(pool: asyncpg.Pool, n_people: int, n_tasks: int, n_events: int, rng: random.Random) -> dict[str, int]:
    """Bulk-load the data set. Returns how much of each kind was made."""
    now = datetime.now(UTC)

    def when(days_back: float = DAYS) -> datetime:
        return now - timedelta(seconds=rng.uniform(0, days_back * 86400))

    async with pool.acquire() as conn:
        people = [r["id"] for r in await conn.fetch("SELECT id FROM users")]
        extra = [(uuid.uuid4(), f"bench{i}@example.com", f"Bench Person {i}", "staff" if i % 10 else "manager", "x")
                 for i in range(n_people - len(people))]
        await conn.copy_records_to_table("users", records=extra,
                                         columns=["id", "email", "full_name", "role", "password_hash"])
        people += [p[0] for p in extra]
        creator = await conn.fetchval("SELECT id FROM users WHERE email = 'alex@example.com'")
        categories = [r["id"] for r in await conn.fetch("SELECT id FROM categories")]
        channels = [(uuid.uuid4(), f"Bench channel {i}", "private" if i % 3 == 0 else "public",
                     rng.choice(categories), creator, now - timedelta(days=DAYS + 5)) for i in range(60)]
        await conn.copy_records_to_table("channels", records=channels,
                                         columns=["id", "name", "privacy", "category_id", "created_by", "created_at"])
        members: dict[uuid.UUID, list[uuid.UUID]] = {}
        for cid, *_ in channels:
            members[cid] = rng.sample(people, rng.randint(4, 12))
        await conn.copy_records_to_table(
            "channel_members", records=[(c, p, "owner" if k == 0 else "member") for c, ps in members.items()
                                        for k, p in enumerate(ps)],
            columns=["channel_id", "user_id", "role"])
        channel_ids = list(members)

        tasks: list[tuple[Any, ...]] = []
        assignees: list[tuple[uuid.UUID, uuid.UUID]] = []
        by_channel: dict[uuid.UUID, list[uuid.UUID]] = {}
        for i in range(n_tasks):
            tid, channel = uuid.uuid4(), rng.choice(channel_ids)
            created = when()
            status = rng.choice(STATUSES)
            completed = min(now, created + timedelta(hours=rng.expovariate(1 / 60))) if status == "completed" else None
            due = created + timedelta(days=rng.uniform(1, 30)) if rng.random() < 0.8 else None
            hours = round(rng.choice([1, 2, 4, 8, 16, 24]) * rng.uniform(0.5, 1.5), 1) if rng.random() < 0.7 else None
            tasks.append((tid, channel, f"Bench task {i}", status, created, completed, due, hours, creator))
            by_channel.setdefault(channel, []).append(tid)
            for person in rng.sample(members[channel], rng.choice((1, 1, 1, 2))):
                assignees.append((tid, person))
        await conn.copy_records_to_table(
            "tasks", records=tasks, columns=["id", "channel_id", "title", "status", "created_at", "completed_at",
                                             "due_date", "estimated_hours", "created_by"])
        await conn.copy_records_to_table("task_assignees", records=assignees, columns=["task_id", "user_id"])
        deps = []
        for ids in by_channel.values():
            for k in range(1, len(ids)):
                if rng.random() < 0.5:  # on an earlier task of the channel: no cycle, runs make chains
                    deps.append((ids[k], ids[k - 1] if rng.random() < 0.7 else ids[rng.randrange(k)],
                                 rng.choice(["blocks"] * 6 + ["requires", "follows", "parallel"])))
        await conn.copy_records_to_table("task_dependencies", records=deps,
                                         columns=["task_id", "depends_on_task_id", "dependency_type"])

        n_messages, n_commands = n_events // 2, n_events * 3 // 10
        n_audit = n_events - n_messages - n_commands
        messages = []
        for _ in range(n_messages):
            channel = rng.choice(channel_ids)
            author = rng.choice(members[channel])
            at = when()
            mentioned = [p for p in rng.sample(members[channel], 2) if p != author][:1] if rng.random() < 0.25 else []
            messages.append((uuid.uuid4(), channel, author, "bench message", mentioned, at))
            if mentioned and rng.random() < 0.7:  # the mentioned person answers within minutes to a day
                messages.append((uuid.uuid4(), channel, mentioned[0], "on it", [],
                                 min(now, at + timedelta(minutes=rng.expovariate(1 / 180)))))
        messages = messages[:n_messages]
        await conn.copy_records_to_table("messages", records=messages,
                                         columns=["id", "channel_id", "user_id", "content", "mentions", "created_at"])
        commands: list[list[Any]] = [[], [], [], [], [], [], [], []]
        for _ in range(n_commands):
            status = rng.choice(OUTCOMES)
            voice = rng.random() < 0.6
            parse = rng.lognormvariate(2.5, 0.6)
            execute = rng.lognormvariate(3.2, 0.5) if status == "completed" else 0.0
            timings = {"context_ms": round(rng.lognormvariate(1.5, 0.4), 2), "parse_ms": round(parse, 2),
                       "execute_ms": round(execute, 2), "total_ms": round(parse + execute + 5, 2)}
            if voice:
                timings["end_of_speech_to_commit_ms"] = round(timings["total_ms"] + rng.lognormvariate(5.5, 0.3), 2)
            code = (rng.choice(FAILURES) if status == "failed" else
                    rng.choice(["needs_clarification", "low_confidence"]) if status == "needs_clarification" else None)
            text = rng.choice(UNCLEAR) if status == "needs_clarification" else f"bench command {rng.randrange(5000)}"
            for column, value in zip(commands, (
                    rng.choice(people), "voice" if voice else "text", status, text,
                    json.dumps([{"type": rng.choice(ACTIONS)} for _ in range(rng.randint(1, 3))]),
                    json.dumps({"code": code, "message": "bench"}) if code else None, json.dumps(timings), when()),
                    strict=True):
                column.append(value)
        await conn.execute(
            """INSERT INTO voice_commands (user_id, source, status, transcript, actions_planned, error_details, timings,
                                           created_at)
               SELECT u, s, st::command_status, t, a::jsonb, e::jsonb, tm::jsonb, c
               FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                           $8::timestamptz[]) AS x(u, s, st, t, a, e, tm, c)""",
            *commands)
        await conn.execute(
            """INSERT INTO audit_log (actor_id, action, entity_type, entity_id, created_at)
               SELECT ($1::uuid[])[1 + (g % array_length($1::uuid[], 1))], 'update', 'task',
                      ($2::uuid[])[1 + (g % array_length($2::uuid[], 1))], now() - (g % 7776000) * interval '1 second'
               FROM generate_series(1, $3::int) AS g""",
            people, [t[0] for t in tasks], n_audit)
        # A live database is vacuumed; a freshly bulk-loaded one would be vacuumed by autovacuum in the middle of
        # the measurements (it was: p95 doubled) and has no visibility map for index-only scans yet.
        await conn.execute("VACUUM ANALYZE")
        try:  # and the bulk load's dirty pages written now, not by a checkpoint during the measurements
            await conn.execute("CHECKPOINT")
        except asyncpg.InsufficientPrivilegeError:
            pass
    return {"people": len(people), "channels": len(channel_ids), "tasks": len(tasks), "dependencies": len(deps),
            "messages": len(messages), "commands": n_commands, "audit": n_audit}


Ask = Callable[[str], Awaitable[Any]]


async def measure(ask: Ask, endpoint: str, runs: int) -> list[float]:
    for _ in range(3):  # warm-up: plans cached, pages in memory
        await ask(endpoint)
    # What is alive now (modules, the app, the seed's leftovers) is never garbage: without this, every sixth
    # /projects run paid a 70-80 ms full collection walking ~100 000 objects (a long-running server would
    # gc.freeze() after start-up for the same reason).
    gc.collect()
    gc.freeze()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        await ask(endpoint)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def store_asker(pool: asyncpg.Pool, user: asyncpg.Record) -> Ask:
    async def ask(endpoint: str) -> Any:
        now = datetime.now(UTC)
        scope = analytics.Scope(user["id"], user["role"], now - timedelta(days=30), now, now)
        if endpoint == "team":
            return await analytics.team(pool, scope)
        if endpoint == "projects":
            return await analytics.projects(pool, scope)
        if endpoint == "communication":
            return await analytics_activity.communication(pool, scope)
        return await analytics_activity.commands(pool, scope)

    return ask


def http_asker(http: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> Ask:
    async def ask(endpoint: str) -> Any:
        async with http.get(f"{url}/api/analytics/{endpoint}", headers=headers) as resp:
            body = await resp.read()
            if resp.status != 200:
                raise RuntimeError(f"{endpoint}: {resp.status} {body[:300]!r}")
            return body

    return ask


async def main(n_people: int, n_tasks: int, n_events: int, runs: int, via: str, seed_value: int) -> None:
    rng = random.Random(seed_value)
    async with scratch_database() as dsn:
        pool = await db.create_pool(dsn, min_size=2, max_size=4)
        try:
            t0 = time.perf_counter()
            made = await seed(pool, n_people, n_tasks, n_events, rng)
            print(f"seeded {made} in {time.perf_counter() - t0:.1f} s")
            askers = {r["email"].split("@")[0]: r for r in await pool.fetch(
                "SELECT id, email, role::text AS role FROM users WHERE email IN "
                "('alex@example.com', 'sarah@example.com', 'mike@example.com')")}
            results: dict[tuple[str, str], list[float]] = {}
            server_rss: float | None = None
            if via == "store":
                for name in ("alex", "sarah", "mike"):
                    for endpoint in ENDPOINTS:
                        results[(endpoint, name)] = await measure(store_asker(pool, askers[name]), endpoint, runs)
            elif via == "process":  # `voicedesk serve` in its own process, as deployed
                async with serve_process(dsn, env={"VOICEDESK_DIGEST_AT": "off"}) as node, \
                        aiohttp.ClientSession() as http:
                    for name in ("alex", "sarah", "mike"):
                        ask = http_asker(http, node.url, await sign_in(http, node.url, name))
                        for endpoint in ENDPOINTS:
                            results[(endpoint, name)] = await measure(ask, endpoint, runs)
                    server_rss = node.peak_rss_mb()
            else:
                async with serve(dsn) as server, aiohttp.ClientSession() as http:
                    for name in ("alex", "sarah", "mike"):
                        ask = http_asker(http, server.url, await sign_in(http, server.url, name))
                        for endpoint in ENDPOINTS:
                            results[(endpoint, name)] = await measure(ask, endpoint, runs)
        finally:
            await pool.close()
    roles = {"alex": "CEO", "sarah": "manager", "mike": "staff"}
    print(f"\nvia {via}, default period (last 30 days), {runs} runs each after 3 warm-up runs; budget p95 ≤ 50 ms")
    print(f"| {'endpoint':<28} | {'asker':<14} | {'p50 ms':>7} | {'p95 ms':>7} | {'max ms':>7} |")
    print(f"|{'-' * 30}|{'-' * 16}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    for (endpoint, name), times in results.items():
        p95 = percentile(times, 95)
        print(f"| /api/analytics/{endpoint:<13} | {roles[name] + ' (' + name + ')':<14} | {percentile(times, 50):7.1f} "
              f"| {p95:7.1f}{'!' if p95 > 50 else ' '}| {max(times):7.1f} |")
    print(f"\npeak RSS of this process: {peak_rss_mb():.0f} MB"
          + (f"; of the server process: {server_rss:.0f} MB" if server_rss is not None else ""))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--via", choices=("http", "process", "store"), default="http")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.people, args.tasks, args.events, args.runs, args.via, args.seed))
