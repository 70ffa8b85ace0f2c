"""Executive analytics over tasks: workload per person (/team) and progress and risk per project (/projects).

Computed in SQL with exactly the caller's visibility (the `store.access` predicates): a task of a channel
the caller cannot see is never counted, and dependency chains are walked through visible tasks only.
Every function takes `now` (timezone-aware) so that "overdue" and "due within N days" are testable.
Hours are hours of the clock (cycle time) or of estimated work (workload); weeks are ISO weeks in UTC.
Communication and command analytics live in `store.analytics_activity`.
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeAlias
from uuid import UUID

import asyncpg

from store.access import channel_visible

Conn: TypeAlias = asyncpg.Connection | asyncpg.Pool

OVERLOAD_RATIO = 1.5  # estimated open hours ≥ 1.5× the team median: overloaded
AVAILABLE_RATIO = 0.5  # ≤ half the team median (and nothing overdue): available
_OPEN = "status NOT IN ('completed', 'cancelled')"
_BLOCKED = """EXISTS (SELECT 1 FROM task_dependencies d JOIN tasks b ON b.id = d.depends_on_task_id
               WHERE d.task_id = vt.id AND d.dependency_type <> 'parallel'
                 AND b.status NOT IN ('completed', 'cancelled'))"""
STATUSES = ("todo", "in_progress", "blocked", "review", "completed", "cancelled")


@dataclass(frozen=True)
class Scope:
    """Who asks, about which period [start, end) and which slice of the organisation."""

    user_id: UUID
    role: str
    start: datetime
    end: datetime
    now: datetime
    channel_id: UUID | None = None
    category_id: UUID | None = None
    person_id: UUID | None = None

    def params(self, *, person: bool = True) -> tuple[Any, ...]:
        """$1 user, $2 role, $3 channel, $4 category, $5 person (None: everyone); queries add theirs from $6."""
        return (self.user_id, self.role, self.channel_id, self.category_id, self.person_id if person else None)


_READ_SETTINGS = "SET LOCAL jit = off; SET LOCAL plan_cache_mode = force_custom_plan"


@asynccontextmanager
async def snapshot(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """One read-only transaction, so every number of an answer comes from the same snapshot; without JIT
    (compiling cost ~50 ms more than these queries take) and with plans made for the actual parameters: a
    generic plan cannot drop the `$3 IS NULL OR …` filters or the role test, and was 5–10× slower
    (measured by bench_analytics). Begun and set in one round trip (each costs ~0.5 ms on a busy 2-core host)."""
    async with pool.acquire() as conn:
        await conn.execute(f"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; {_READ_SETTINGS}")
        try:
            yield conn
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")


@asynccontextmanager
async def twin_snapshot(pool: asyncpg.Pool) -> AsyncIterator[tuple[asyncpg.Connection, asyncpg.Connection]]:
    """Two connections reading the very same snapshot (the second imports the first's), so that two queries of
    one answer run side by side on PostgreSQL's processes and still agree to the row."""
    async with snapshot(pool) as first, pool.acquire() as second:
        exported = await first.fetchval("SELECT pg_export_snapshot()")
        await second.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                             f"SET TRANSACTION SNAPSHOT '{exported}'; {_READ_SETTINGS}")
        try:
            yield first, second
        except BaseException:
            await second.execute("ROLLBACK")
            raise
        await second.execute("COMMIT")


# Visible channels in the slice ($3 channel, $4 category), and the tasks in them (assigned to $5 if set);
# organisation-wide tasks (no channel) belong to the slice only when it is not narrowed to a channel or category.
VISIBLE_CHANNELS = f"""vc AS (
    SELECT c.id, c.name, c.category_id, c.status::text AS status, c.created_at FROM channels c
    WHERE {channel_visible('c', '$1', '$2')}
      AND ($3::uuid IS NULL OR c.id = $3) AND ($4::uuid IS NULL OR c.category_id = $4))"""
VISIBLE_TASKS = """vt AS (
    SELECT t.id, t.channel_id, t.title, t.status, t.due_date, t.estimated_hours, t.created_at,
           t.completed_at
    FROM tasks t
    WHERE (t.channel_id IN (SELECT id FROM vc) OR (t.channel_id IS NULL AND $3::uuid IS NULL AND $4::uuid IS NULL))
      AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM task_assignees pa WHERE pa.task_id = t.id AND pa.user_id = $5)))"""


def iso_weeks(start: datetime, end: datetime) -> list[str]:
    """Every ISO week label ("2026-W05") that [start, end) touches, in order (UTC)."""
    last = (end.astimezone(UTC) - timedelta(microseconds=1)).date()
    monday = start.astimezone(UTC).date()
    monday -= timedelta(days=monday.weekday())
    out = []
    while monday <= last:
        year, week, _ = monday.isocalendar()
        out.append(f"{year}-W{week:02d}")
        monday += timedelta(days=7)
    return out


_WEEK = """to_char({col} AT TIME ZONE 'UTC', 'IYYY-"W"IW')"""


# --- team ------------------------------------------------------------------------------------


async def team(conn: Conn, scope: Scope) -> dict[str, Any]:
    """Per active person: open, completed in the period, rates, overdue now, cycle time (h), estimated open
    hours against the team median, blocked tasks, and `overloaded` / `available` with the reason.

    The team median is over every active person, counted on the tasks the caller may see in the slice;
    staff get their own row only. Rates are None when there is nothing to divide by.
    """
    if isinstance(conn, asyncpg.Pool):
        async with snapshot(conn) as acquired:
            return await team(acquired, scope)
    people = await _team_rows(conn, scope)
    median = people[0].pop("team_median") if people else 0.0
    for p in people:
        p.pop("team_median", None)
    if scope.role == "staff":
        people = [p for p in people if p["person_id"] == scope.user_id]
    if scope.person_id is not None:
        people = [p for p in people if p["person_id"] == scope.person_id]
    return {"team_median_estimated_hours": round(median, 2), "people": people}


async def _team_rows(conn: Conn, scope: Scope) -> list[dict[str, Any]]:
    """Every active person's row (whoever asks), each carrying `team_median`."""
    # One hash aggregate straight over (assignee, task): no materialised row per pair, and the rows are not sorted
    # per person first (only the completed ones are, inside percentile_cont).
    done = "vt.status = 'completed' AND vt.completed_at >= $6 AND vt.completed_at < $7"
    rows = await conn.fetch(
        f"""WITH {VISIBLE_CHANNELS}, {VISIBLE_TASKS},
            counted AS (
                SELECT ta.user_id, count(*) FILTER (WHERE vt.{_OPEN}) AS open, count(*) FILTER (WHERE {done}) AS completed,
                       count(*) FILTER (WHERE {done} AND vt.due_date IS NOT NULL) AS completed_with_due,
                       count(*) FILTER (WHERE {done} AND vt.completed_at <= vt.due_date) AS on_time,
                       count(*) FILTER (WHERE vt.{_OPEN} AND vt.due_date < $8) AS overdue,
                       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY CASE WHEN {done}
                           THEN extract(epoch FROM vt.completed_at - vt.created_at) / 3600 END) AS cycle,
                       sum(vt.estimated_hours) FILTER (WHERE vt.{_OPEN}) AS estimated_open,
                       count(*) FILTER (WHERE vt.{_OPEN} AND {_BLOCKED}) AS blocked
                FROM task_assignees ta JOIN vt ON vt.id = ta.task_id
                WHERE vt.{_OPEN} OR ({done})
                GROUP BY ta.user_id)
            SELECT u.id AS person_id, u.full_name, u.role::text AS role, coalesce(c.open, 0) AS open,
                   coalesce(c.completed, 0) AS completed, coalesce(c.completed_with_due, 0) AS completed_with_due,
                   coalesce(c.on_time, 0) AS on_time, coalesce(c.overdue, 0) AS overdue, c.cycle,
                   coalesce(c.estimated_open, 0)::float8 AS estimated_open, coalesce(c.blocked, 0) AS blocked
            FROM users u LEFT JOIN counted c ON c.user_id = u.id
            WHERE u.is_active
            ORDER BY u.full_name, u.id""",
        *scope.params(person=False), scope.start, scope.end, scope.now,
    )
    median = statistics.median([r["estimated_open"] for r in rows]) if rows else 0.0
    return [{**_person(r, median), "team_median": median} for r in rows]


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _hours(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _person(r: asyncpg.Record, median: float) -> dict[str, Any]:
    open_, estimated, overdue = r["open"], r["estimated_open"], r["overdue"]
    ratio = round(estimated / median, 2) if median > 0 else None
    said = f"{open_} open, {estimated:g} h estimated"
    said += f", {ratio:g}× the team median" if ratio is not None else ", the team median is 0 h"
    if overdue:
        said += f", {overdue} overdue"
    overloaded = ratio is not None and ratio >= OVERLOAD_RATIO
    available = not overloaded and overdue == 0 and (open_ == 0 or (ratio is not None and ratio <= AVAILABLE_RATIO))
    return {
        "person_id": r["person_id"], "full_name": r["full_name"], "role": r["role"],
        "open": open_, "completed": r["completed"],
        "completion_rate": _ratio(r["completed"], r["completed"] + open_),
        "on_time_rate": _ratio(r["on_time"], r["completed_with_due"]),
        "overdue": overdue, "cycle_hours_p50": _hours(r["cycle"] and r["cycle"][0]), "cycle_hours_p90": _hours(r["cycle"] and r["cycle"][1]),
        "estimated_hours_open": round(estimated, 2), "workload_ratio": ratio, "blocked": r["blocked"],
        "overloaded": overloaded, "overloaded_reason": said if overloaded else None,
        "available": available, "available_reason": said if available else None,
    }


# --- projects --------------------------------------------------------------------------------


async def projects(conn: Conn, scope: Scope, due_within_days: int = 3) -> dict[str, Any]:
    """Per visible channel and per category: progress (done/total, by status), created vs completed per ISO
    week of the period, overdue now, at-risk open tasks with their reasons, the longest open dependency chain.

    "total" leaves cancelled tasks out. At risk: an open task due within `due_within_days` that has an open
    blocker, an overloaded assignee or no assignee; or any open task whose chain of open blockers is longer
    (in tasks) than the days it has left.
    """
    if isinstance(conn, asyncpg.Pool):  # the counts and the chains are read side by side, from one snapshot
        async with twin_snapshot(conn) as (first, second):
            rows, (chains, candidates) = await asyncio.gather(
                _progress(first, scope), _chains_and_risks(second, scope, due_within_days))
    else:
        rows = await _progress(conn, scope)
        chains, candidates = await _chains_and_risks(conn, scope, due_within_days)
    risks = _at_risk(scope, due_within_days, chains, candidates)
    return _projects_answer(scope, due_within_days, rows, chains, risks)


async def _progress(conn: asyncpg.Connection, scope: Scope) -> list[asyncpg.Record]:
    # Per visible channel: tasks by status (progress, overdue now), created per week and completed per week of
    # the period (throughput; each from its own index); categories are the sums of their channels.
    mine = """t.channel_id IN (SELECT id FROM vc)
              AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM task_assignees pa WHERE pa.task_id = t.id AND pa.user_id = $5))"""
    return await conn.fetch(
        f"""WITH {VISIBLE_CHANNELS},
            counted AS (
                SELECT t.channel_id, t.status::text AS status, NULL::timestamp AS week, count(*)::int AS n,
                       count(*) FILTER (WHERE t.{_OPEN} AND t.due_date < $8)::int AS overdue
                FROM tasks t WHERE {mine} GROUP BY t.channel_id, t.status  -- the enum: cast once per group
                UNION ALL
                SELECT t.channel_id, 'created', date_trunc('week', t.created_at AT TIME ZONE 'UTC'), count(*)::int, 0
                FROM tasks t WHERE t.created_at >= $6 AND t.created_at < $7 AND {mine} GROUP BY 1, 3
                UNION ALL
                SELECT t.channel_id, 'completed_in', date_trunc('week', t.completed_at AT TIME ZONE 'UTC'), count(*)::int, 0
                FROM tasks t WHERE t.status = 'completed' AND t.completed_at >= $6 AND t.completed_at < $7 AND {mine}
                GROUP BY 1, 3)
            SELECT vc.id AS channel_id, vc.category_id, vc.name, k.name AS category_name, n.status,
                   to_char(n.week, 'IYYY-"W"IW') AS week, n.n, n.overdue
            FROM vc LEFT JOIN categories k ON k.id = vc.category_id LEFT JOIN counted n ON n.channel_id = vc.id""",
        *scope.params(), scope.start, scope.end, scope.now,
    )


def _projects_answer(scope: Scope, due_within_days: int, rows: list[asyncpg.Record], chains: _Chains,
                     risks: list[dict[str, Any]]) -> dict[str, Any]:
    weeks = iso_weeks(scope.start, scope.end)
    channels: dict[UUID, dict[str, Any]] = {}
    categories: dict[UUID, dict[str, Any]] = {}
    for r in rows:
        channel = channels.get(r["channel_id"])
        if channel is None:
            channel = channels[r["channel_id"]] = _project("channel", r["channel_id"], r["name"], r["category_id"],
                                                           weeks)
            if r["category_id"] is not None and r["category_id"] not in categories:
                categories[r["category_id"]] = _project("category", r["category_id"], r["category_name"] or "",
                                                        None, weeks)
        if r["week"] is not None:
            column = "created" if r["status"] == "created" else "completed"
            for point in channel["throughput"]:
                if point["week"] == r["week"]:
                    point[column] = r["n"]
        elif r["status"] is not None:
            channel["by_status"][r["status"]] = r["n"]
            channel["overdue"] += r["overdue"]
    for channel in channels.values():
        counts = channel["by_status"]
        channel["done"], channel["total"] = counts["completed"], sum(counts.values()) - counts["cancelled"]
        category = categories.get(channel["category_id"])
        if category is not None:
            for status, n in counts.items():
                category["by_status"][status] += n
            for column in ("overdue", "done", "total"):
                category[column] += channel[column]
            for mine, theirs in zip(channel["throughput"], category["throughput"], strict=True):
                theirs["created"] += mine["created"]
                theirs["completed"] += mine["completed"]
    groups: dict[tuple[str, UUID | None], dict[str, Any]] = {
        **{("channel", k): g for k, g in channels.items()}, **{("category", k): g for k, g in categories.items()}}
    for risk in risks:
        for where in (("channel", risk["channel_id"]), ("category", risk["category_id"])):
            if where in groups:
                groups[where]["at_risk"].append(risk)
    longest = {"channel": chains.longest("channel_id"), "category": chains.longest("category_id")}
    for (kind, key), group in groups.items():
        group["longest_chain"] = longest[kind].get(key, [])
    ordered = sorted(groups.values(), key=lambda g: (g["kind"] != "channel", g["name"].lower(), str(g["id"])))
    return {"due_within_days": due_within_days,
            "channels": [g for g in ordered if g["kind"] == "channel"],
            "categories": [g for g in ordered if g["kind"] == "category"]}


def _project(kind: str, key: UUID, name: str, category_id: UUID | None, weeks: list[str]) -> dict[str, Any]:
    """A channel's or category's answer with nothing counted yet."""
    return {"kind": kind, "id": key, "name": name, "category_id": category_id, "done": 0, "total": 0,
            "by_status": dict.fromkeys(STATUSES, 0), "overdue": 0,
            "throughput": [{"week": w, "created": 0, "completed": 0} for w in weeks],
            "at_risk": [], "longest_chain": []}


class _Chains:
    """The open blocking dependencies between tasks the caller may see: task → what it waits on."""

    def __init__(self, tasks: dict[UUID, dict[str, Any]], waits_on: dict[UUID, list[UUID]]) -> None:
        self.tasks = tasks
        self.waits_on = waits_on
        self._memo: dict[UUID, tuple[int, UUID | None]] = {}

    def depth(self, task_id: UUID) -> int:
        """How many tasks the longest chain of open blockers ending at `task_id` has, the task itself included."""
        return _walk(task_id, self.waits_on, self._memo, set())

    def longest(self, column: str) -> dict[Any, list[dict[str, Any]]]:
        """Per value of `column` (a channel or a category), the longest chain (first blocker first) through tasks
        of that value only; a value where nothing waits on an open task is left out. A walk from a task only
        enters tasks of its own value, so one memo serves every value."""
        memo: dict[UUID, tuple[int, UUID | None]] = {}
        best: dict[Any, tuple[int, UUID]] = {}
        value = {t: task[column] for t, task in self.tasks.items()}
        # each task's blockers of its own value, in the same (title) order: the filter done once per edge
        same = {t: [u for u in ups if value[u] == value[t]] for t, ups in self.waits_on.items()}
        for task_id in self.waits_on:
            key = value[task_id]
            length = _walk(task_id, same, memo, set())
            known = best.get(key)
            if known is None or length > known[0] or (
                    length == known[0] and self.tasks[task_id]["title"] < self.tasks[known[1]]["title"]):
                best[key] = (length, task_id)
        out = {}
        for key, (length, end) in best.items():
            if length < 2:
                continue
            chain = []
            at: UUID | None = end
            while at is not None:
                chain.append({"task_id": at, "title": self.tasks[at]["title"]})
                at = memo[at][1]
            out[key] = chain[::-1]
        return out


def _walk(task_id: UUID, waits_on: dict[UUID, list[UUID]], memo: dict[UUID, tuple[int, UUID | None]],
          path: set[UUID]) -> int:
    """The length of the longest chain of blockers (`waits_on`) ending at `task_id`; `memo` keeps, per task, that
    length and the blocker the chain comes through (the first of the longest, in title order), so that a chain is
    never copied while it is searched."""
    known = memo.get(task_id)
    if known is not None:
        return known[0]
    path.add(task_id)
    length, via = 0, None
    for up in waits_on.get(task_id, ()):
        if up not in path:  # a cycle of blocking types cannot be made, but a stored one must not hang us
            found = _walk(up, waits_on, memo, path)
            if found > length:
                length, via = found, up
    path.discard(task_id)
    memo[task_id] = (length + 1, via)
    return length + 1


async def _chains_and_risks(conn: asyncpg.Connection, scope: Scope, days: int) -> tuple[_Chains, list[Any]]:
    """Every open, visible blocking dependency (whatever the slice: a chain may cross channels) and the open
    tasks of the slice that may be at risk, in one query over the open tasks the caller sees: rows of kind 0 are
    tasks in a chain, 1 its dependencies (task → what it waits on), 2 the candidates, `n` their order."""
    # Who is overloaded is said as /team says it, over the whole organisation the caller sees (not the slice).
    rows = await conn.fetch(
        f"""WITH {VISIBLE_CHANNELS}, {VISIBLE_TASKS},
            everywhere AS (SELECT c.id, c.category_id FROM channels c WHERE {channel_visible('c', '$1', '$2')}),
            open_seen AS MATERIALIZED (
                SELECT t.id, t.title, t.channel_id, e.category_id, t.estimated_hours
                FROM tasks t LEFT JOIN everywhere e ON e.id = t.channel_id
                WHERE t.{_OPEN} AND (t.channel_id IS NULL OR e.id IS NOT NULL)),
            edge AS MATERIALIZED (
                SELECT d.task_id, d.depends_on_task_id FROM task_dependencies d
                JOIN open_seen a ON a.id = d.task_id JOIN open_seen b ON b.id = d.depends_on_task_id
                WHERE d.dependency_type <> 'parallel'),
            workload AS (
                SELECT u.id, u.full_name, coalesce(h.hours, 0) AS hours
                FROM users u LEFT JOIN (  -- a task without an estimate adds nothing
                    SELECT ta.user_id, sum(o.estimated_hours) AS hours
                    FROM open_seen o JOIN task_assignees ta ON ta.task_id = o.id
                    WHERE o.estimated_hours IS NOT NULL GROUP BY ta.user_id) h ON h.user_id = u.id
                WHERE u.is_active),
            heavy AS MATERIALIZED (
                SELECT w.id, w.full_name FROM workload w,
                       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median FROM workload) team
                WHERE team.median > 0 AND round((w.hours / team.median)::numeric, 2) >= {OVERLOAD_RATIO})
            SELECT 0 AS kind, o.id, NULL::uuid AS up, o.title, o.channel_id, o.category_id, NULL::timestamptz AS due_date,
                   NULL::bool AS blocked, NULL::uuid[] AS assignee_ids, NULL::text[] AS overloaded, NULL::bigint AS n
            FROM open_seen o
            WHERE o.id IN (SELECT task_id FROM edge) OR o.id IN (SELECT depends_on_task_id FROM edge)
            UNION ALL
            SELECT 1, task_id, depends_on_task_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM edge
            UNION ALL
            SELECT 2, vt.id, NULL, vt.title, vt.channel_id, vc.category_id, vt.due_date,
                   blocker.found IS NOT NULL,
                   ARRAY(SELECT ta.user_id FROM task_assignees ta WHERE ta.task_id = vt.id ORDER BY ta.user_id),
                   ARRAY(SELECT h.full_name FROM task_assignees ta JOIN heavy h ON h.id = ta.user_id
                         WHERE ta.task_id = vt.id ORDER BY ta.user_id),
                   row_number() OVER (ORDER BY vt.due_date, vt.title, vt.id)
            FROM vt JOIN vc ON vc.id = vt.channel_id
            -- looked up per candidate (a few hundred) through the indexes, not by hashing every dependency
            LEFT JOIN LATERAL (SELECT true AS found FROM task_dependencies d JOIN tasks b ON b.id = d.depends_on_task_id
                               WHERE d.task_id = vt.id AND d.dependency_type <> 'parallel'
                                 AND b.{_OPEN} LIMIT 1) blocker ON true
            WHERE vt.{_OPEN} AND vt.due_date >= $6 AND (vt.due_date < $6 + make_interval(days => $7)
                  OR vt.id IN (SELECT task_id FROM edge))""",
        *scope.params(), scope.now, days,
    )
    tasks: dict[UUID, dict[str, Any]] = {}
    waits_on: dict[UUID, list[UUID]] = {}
    candidates = []
    for r in rows:
        if r["kind"] == 0:
            tasks[r["id"]] = {"title": r["title"], "channel_id": r["channel_id"], "category_id": r["category_id"]}
        elif r["kind"] == 1:
            waits_on.setdefault(r["id"], []).append(r["up"])
        else:
            candidates.append(r)
    for ups in waits_on.values():
        ups.sort(key=lambda t: (tasks[t]["title"], t))
    candidates.sort(key=lambda r: r["n"])
    return _Chains(tasks, waits_on), candidates


def _at_risk(scope: Scope, days: int, chains: _Chains, rows: list[Any]) -> list[dict[str, Any]]:
    """The candidates that are at risk, each with its reasons."""
    out = []
    for r in rows:
        days_left = (r["due_date"] - scope.now).total_seconds() / 86400
        reasons = []
        if days_left < days:
            if r["blocked"]:
                reasons.append(f"due in {days_left:.1f} days with an open blocker")
            reasons += [f"assignee {name} is overloaded" for name in r["overloaded"]]
            if not r["assignee_ids"]:
                reasons.append("no assignee")
        chain = chains.depth(r["id"]) - 1 if r["id"] in chains.waits_on else 0
        if chain > days_left:
            ahead = f"{chain} open task{'' if chain == 1 else 's'}"
            reasons.append(f"{ahead} ahead of it in its chain, {days_left:.1f} days left")
        if reasons:
            out.append({"task_id": r["id"], "title": r["title"], "channel_id": r["channel_id"],
                        "category_id": r["category_id"], "due_date": r["due_date"],
                        "days_left": round(days_left, 2), "reasons": reasons})
    return out

