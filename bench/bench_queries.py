"""Questions answered from PostgreSQL at 10 000 tasks: p50/p95 of `store.queries.answer` per question type.

    python -m bench.bench_queries [--tasks 10000] [--runs 60] [--seed 7]

A scratch database gets the demo organisation plus 40 more people, 60 channels (a third of them private, each
with a handful of members), `--tasks` tasks spread over channels and people (a tenth organisation-wide), with
due dates from a month ago to a month ahead, a quarter of them completed or cancelled, and about one
dependency per two tasks, plus one 200-step chain. Each question type is then asked `--runs` times with
different people/channels/tasks, by the CEO (sees everything) and by a staff member (sees public channels and
their own), through a pool the way the server asks. Prints p50/p95/max per type and asker, the time to read a
question into a plan (no database), and this process's peak RSS (PostgreSQL runs in its own process).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg

from bench.harness import peak_rss_mb, scratch_database, summary
from executor.plan import DueWindow, FinishedPeriod, Query
from store import db
from store.queries import answer

TZ = ZoneInfo("America/New_York")
CHAIN = 200  # steps of the one long dependency chain
STATUSES = ["todo"] * 8 + ["in_progress"] * 4 + ["blocked", "review"] + ["completed"] * 5 + ["cancelled"]


class Asker:
    def __init__(self, row: Any) -> None:
        self.id: uuid.UUID = row["id"]
        self.role: str = row["role"]
        self.full_name: str = row["full_name"]


async def seed(pool: asyncpg.Pool, n_tasks: int, rng: random.Random) -> dict[str, Any]:
    """People, channels, memberships, tasks, assignees and dependencies, bulk-copied. Returns what was made."""
    now = datetime.now(UTC)
    async with pool.acquire() as conn:
        people = [r["id"] for r in await conn.fetch("SELECT id FROM users")]
        new_people = [(uuid.uuid4(), f"person{i}@example.com", f"Person {i} Bench", "staff", "x") for i in range(40)]
        await conn.copy_records_to_table("users", records=new_people,
                                         columns=["id", "email", "full_name", "role", "password_hash"])
        people += [p[0] for p in new_people]
        creator = await conn.fetchval("SELECT id FROM users WHERE email = 'alex@example.com'")
        channels = [(uuid.uuid4(), f"Bench channel {i}", "private" if i % 3 == 0 else "public", creator) for i in range(60)]
        await conn.copy_records_to_table("channels", records=channels, columns=["id", "name", "privacy", "created_by"])
        members = []
        for cid, *_ in channels:
            for k, pid in enumerate(rng.sample(people, 6)):
                members.append((cid, pid, "owner" if k == 0 else "member"))
        await conn.copy_records_to_table("channel_members", records=members, columns=["channel_id", "user_id", "role"])
        channel_ids = [c[0] for c in channels] + [r["id"] for r in await conn.fetch(
            "SELECT id FROM channels WHERE name NOT LIKE 'Bench channel %'")]
        tasks: list[tuple[Any, ...]] = []
        assignees: list[tuple[uuid.UUID, uuid.UUID]] = []
        by_channel: dict[uuid.UUID | None, list[uuid.UUID]] = {}
        for i in range(n_tasks - CHAIN):
            tid = uuid.uuid4()
            channel = None if rng.random() < 0.1 else rng.choice(channel_ids)
            status = rng.choice(STATUSES)
            due = now + timedelta(hours=rng.uniform(-30 * 24, 30 * 24)) if rng.random() < 0.8 else None
            completed = now - timedelta(hours=rng.uniform(0, 60 * 24)) if status == "completed" else None
            tasks.append((tid, channel, f"Bench task {i}", status, due, completed, creator))
            by_channel.setdefault(channel, []).append(tid)
            for pid in rng.sample(people, rng.choice((1, 1, 1, 2))):
                assignees.append((tid, pid))
        # One long chain in a public channel: each step waits on the one before (the recursion's worst case).
        chain = [(uuid.uuid4(), channels[1][0], f"Chain step {i}", "todo", None, None, creator) for i in range(CHAIN)]
        tasks += chain
        await conn.copy_records_to_table(
            "tasks", records=tasks,
            columns=["id", "channel_id", "title", "status", "due_date", "completed_at", "created_by"])
        await conn.copy_records_to_table("task_assignees", records=assignees, columns=["task_id", "user_id"])
        # Each task may wait on an earlier task of its channel (earlier: no cycle); runs of these make long chains.
        deps, seen = [], set()
        for ids in by_channel.values():
            for k in range(1, len(ids)):
                if rng.random() < 0.5:
                    on = ids[k - 1] if rng.random() < 0.7 else ids[rng.randrange(k)]
                    if (ids[k], on) not in seen:
                        seen.add((ids[k], on))
                        deps.append((ids[k], on, rng.choice(["blocks"] * 6 + ["requires", "follows", "parallel"])))
        deps += [(chain[i][0], chain[i - 1][0], "blocks") for i in range(1, CHAIN)]
        await conn.copy_records_to_table("task_dependencies", records=deps,
                                         columns=["task_id", "depends_on_task_id", "dependency_type"])
        await conn.execute("ANALYZE")
        open_ = {t[0] for t in tasks if t[3] not in ("completed", "cancelled")}
        depth = _deepest([d for d in deps if d[2] != "parallel" and d[0] in open_ and d[1] in open_ and
                          d[0] not in {c[0] for c in chain}])
    return {"people": people, "channels": channel_ids, "tasks": [t[0] for t in tasks], "dependencies": len(deps),
            "deep": depth[0], "longest": depth[1], "chain_end": chain[-1][0], "chain_start": chain[0][0]}


def _deepest(deps: list[tuple[uuid.UUID, uuid.UUID, str]]) -> tuple[list[uuid.UUID], int]:
    """The tasks with the longest open chains of what they wait on (the blocking question's worst cases)."""
    ups: dict[uuid.UUID, list[uuid.UUID]] = {}
    for task, on, _ in deps:
        ups.setdefault(task, []).append(on)
    memo: dict[uuid.UUID, int] = {}

    def depth(t: uuid.UUID) -> int:
        stack, order = [t], []
        while stack:
            x = stack.pop()
            if x in memo:
                continue
            order.append(x)
            stack.extend(u for u in ups.get(x, []) if u not in memo)
        for x in reversed(order):
            memo[x] = 1 + max((memo.get(u, 0) for u in ups.get(x, [])), default=0)
        return memo[t]

    deepest = sorted(ups, key=depth, reverse=True)[:20]
    return deepest, depth(deepest[0]) - 1 if deepest else 0


def questions(made: dict[str, Any], rng: random.Random) -> dict[str, Callable[[], Query]]:
    windows: list[DueWindow] = ["overdue", "today", "tomorrow", "this_week", "next_week"]
    periods: list[FinishedPeriod] = ["today", "this_week", "last_week", "this_month", "last_month", "all_time"]
    people, channels, tasks, deep = made["people"], made["channels"], made["tasks"], made["deep"]
    return {
        "due (everywhere)": lambda: Query(type="due", window=rng.choice(windows)),
        "due (in a channel)": lambda: Query(type="due", window=rng.choice(windows), channel_id=rng.choice(channels)),
        "due (for a person)": lambda: Query(type="due", window=rng.choice(windows), person_id=rng.choice(people)),
        "working_on": lambda: Query(type="working_on", person_id=rng.choice(people)),
        "blocking (random task)": lambda: Query(type="blocking", task_id=rng.choice(tasks)),
        "blocking (deepest chains)": lambda: Query(type="blocking", task_id=rng.choice(deep)),
        f"blocking ({CHAIN}-step chain)": lambda: Query(type="blocking", task_id=made["chain_end"]),
        "blocked_by": lambda: Query(type="blocked_by", task_id=rng.choice(tasks)),
        f"blocked_by ({CHAIN}-step chain)": lambda: Query(type="blocked_by", task_id=made["chain_start"]),
        "blocked (everywhere)": lambda: Query(type="blocked"),
        "blocked (in a channel)": lambda: Query(type="blocked", channel_id=rng.choice(channels)),
        "blocked (for a person)": lambda: Query(type="blocked", person_id=rng.choice(people)),
        "members": lambda: Query(type="members", channel_id=rng.choice(channels)),
        "owner": lambda: Query(type="owner", channel_id=rng.choice(channels)),
        "assignees": lambda: Query(type="assignees", task_id=rng.choice(tasks)),
        "status (task)": lambda: Query(type="status", task_id=rng.choice(tasks)),
        "status (channel progress)": lambda: Query(type="status", channel_id=rng.choice(channels)),
        "finished_count (person)": lambda: Query(type="finished_count", person_id=rng.choice(people),
                                                 period=rng.choice(periods)),
        "finished_count (everyone)": lambda: Query(type="finished_count", period=rng.choice(periods)),
    }


async def measure(pool: asyncpg.Pool, asker: Asker, make: Callable[[], Query], runs: int) -> tuple[list[float], int]:
    now = datetime.now(TZ)
    for _ in range(3):  # warm-up: plans cached, pages in memory
        await answer(pool, asker, make(), now, "en")
    times, rows = [], 0
    for i in range(runs):
        query = make()
        t0 = time.perf_counter()
        out = await answer(pool, asker, query, now, "es" if i % 4 == 0 else "en")
        times.append((time.perf_counter() - t0) * 1000)
        rows += out["count"]
    return times, rows


def parse_times(runs: int) -> list[float]:
    from bench.demo_org import demo_context
    from pipeline.intent import parse

    ctx = demo_context()
    said = ["What is overdue?", "what's due today for Tom", "What is Sarah working on?", "qué tiene pendiente Elena",
            "What is blocking the Prepare Q4 report?", "who's on Q4 planning", "how is Q4 Planning going",
            "¿cuántas tareas terminó Tom este mes?", "Which tasks are blocked?", "¿qué está bloqueado en Leadership?"]
    out = []
    for i in range(runs * len(said)):
        t0 = time.perf_counter()
        plan = parse(said[i % len(said)], ctx)
        out.append((time.perf_counter() - t0) * 1000)
        assert plan.kind == "query", said[i % len(said)]
    return out


async def main(n_tasks: int, runs: int, seed_value: int) -> None:
    rng = random.Random(seed_value)
    async with scratch_database() as dsn:
        pool = await db.create_pool(dsn, min_size=2, max_size=4)
        try:
            t0 = time.perf_counter()
            made = await seed(pool, n_tasks, rng)
            print(f"seeded {len(made['tasks'])} tasks, {made['dependencies']} dependencies (longest open chain "
                  f"{made['longest']}), {len(made['channels'])} channels, {len(made['people'])} people in "
                  f"{time.perf_counter() - t0:.1f} s")
            ceo = Asker(await pool.fetchrow("SELECT id, role::text AS role, full_name FROM users WHERE email = 'alex@example.com'"))
            staff = Asker(await pool.fetchrow("SELECT id, role::text AS role, full_name FROM users WHERE email = 'mike@example.com'"))
            for asker in (ceo, staff):
                print(f"\nasked by {asker.full_name} ({asker.role}), {runs} runs each:")
                for name, make in questions(made, rng).items():
                    times, rows = await measure(pool, asker, make, runs)
                    print(summary(f"  {name}", times) + f"  max={max(times):7.1f} ms  rows/answer={rows / runs:.0f}")
        finally:
            await pool.close()
    print()
    print(summary("question text -> query plan (parse, no database)", parse_times(runs)))
    print(f"peak RSS of this process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.tasks, args.runs, args.seed))
