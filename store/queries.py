"""Answers to read-only questions ("what is overdue?", "who is in Leadership?"), computed in SQL with exactly
the asker's visibility: the `store.access` predicates every REST read uses. A task of a channel the asker
cannot see is never counted, listed or walked through (not even inside a blocker chain): 404, not 403.

`answer` runs in a read-only transaction of its own (PostgreSQL refuses any write), and returns rows with
ids, their count and one short sentence in the asker's language. Times are in the asker's timezone (`now`).
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeAlias
from uuid import UUID

import asyncpg

from store import query_words as words
from store.access import Actor, channel_id_visible, channel_visible, visible_channel

DEFAULT_LIMIT = 50  # rows returned; `count` is always the full number
_OPEN = "t.status NOT IN ('completed', 'cancelled')"
_VISIBLE = channel_id_visible("t.channel_id", "$1", "$2")
_TASK_COLUMNS = """t.id, t.title, t.status::text AS status, t.priority::text AS priority, t.due_date, t.completed_at,
    t.channel_id, c.name AS channel_name,
    ARRAY(SELECT a.user_id FROM task_assignees a WHERE a.task_id = t.id ORDER BY a.assigned_at, a.user_id) AS assignee_ids,
    ARRAY(SELECT u.full_name FROM task_assignees a JOIN users u ON u.id = a.user_id WHERE a.task_id = t.id
          ORDER BY a.assigned_at, a.user_id) AS assignee_names"""
_PRIORITY_FIRST = "array_position(ARRAY['urgent', 'high', 'medium', 'low'], t.priority::text)"
# Open tasks waiting on an open blocker (not parallel, not completed/cancelled: as `status` counts blockers and
# `store.analytics` defines them) in a channel the asker can see, or marked blocked; a blocker the asker cannot see
# is never named nor counted. The visible channels are listed once; the page is chosen before its columns are read.
_BLOCKED = f"""
    WITH vis AS MATERIALIZED (SELECT vc.id FROM channels vc WHERE {channel_visible("vc", "$1", "$2")}),
    asked AS MATERIALIZED (
        SELECT t.id, t.status FROM tasks t
        WHERE (t.channel_id IS NULL OR t.channel_id IN (SELECT id FROM vis)) AND {_OPEN}
          AND ($3::uuid IS NULL OR t.channel_id = $3)
          AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM channels fc WHERE fc.id = t.channel_id AND fc.category_id = $4))
          AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM task_assignees fa WHERE fa.task_id = t.id AND fa.user_id = $5))),
    waits AS (
        SELECT d.task_id, array_agg(b.id ORDER BY b.due_date NULLS LAST, b.title, b.id) AS ids,
               array_agg(b.title ORDER BY b.due_date NULLS LAST, b.title, b.id) AS titles
        FROM asked a JOIN task_dependencies d ON d.task_id = a.id JOIN tasks b ON b.id = d.depends_on_task_id
        WHERE d.dependency_type <> 'parallel' AND b.status NOT IN ('completed', 'cancelled')
          AND (b.channel_id IS NULL OR b.channel_id IN (SELECT id FROM vis))
        GROUP BY d.task_id),
    page AS (
        SELECT t.id, w.ids, w.titles, count(*) OVER () AS total
        FROM asked a JOIN tasks t ON t.id = a.id LEFT JOIN waits w ON w.task_id = a.id
        WHERE a.status = 'blocked' OR w.task_id IS NOT NULL
        ORDER BY t.due_date NULLS LAST, {_PRIORITY_FIRST}, t.title, t.id LIMIT $6)
    SELECT {_TASK_COLUMNS}, coalesce(p.ids, '{{}}') AS blocker_ids, coalesce(p.titles, '{{}}') AS blocker_titles, p.total
    FROM page p JOIN tasks t ON t.id = p.id LEFT JOIN channels c ON c.id = t.channel_id
    ORDER BY t.due_date NULLS LAST, {_PRIORITY_FIRST}, t.title, t.id"""


class Question(Protocol):
    """What `executor.plan.Query` carries (the store imports nothing of ours, so it names the shape)."""

    @property
    def type(self) -> str: ...
    @property
    def window(self) -> str | None: ...
    @property
    def period(self) -> str | None: ...
    @property
    def person_id(self) -> UUID | None: ...
    @property
    def channel_id(self) -> UUID | None: ...
    @property
    def category_id(self) -> UUID | None: ...
    @property
    def task_id(self) -> UUID | None: ...


Conn: TypeAlias = asyncpg.Connection | asyncpg.Pool


async def answer(conn: Conn, actor: Actor, query: Question, now: datetime, language: str = "en", *,
                 limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """The answer to `query` as `actor` may see it: {"type", "rows", "count", "sentence", ...}.

    `now` is timezone-aware (the asker's timezone): "today" and "this week" are theirs, and dates in rows
    and sentence are shown in it. Reads only, in a read-only transaction (or the caller's transaction).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if isinstance(conn, asyncpg.Pool):
        async with conn.acquire() as acquired:
            return await answer(acquired, actor, query, now, language, limit=limit)
    if conn.is_in_transaction():
        return await _answer(conn, actor, query, now, language, limit)
    async with conn.transaction(readonly=True):
        return await _answer(conn, actor, query, now, language, limit)


async def _answer(conn: asyncpg.Connection, actor: Actor, query: Question, now: datetime, language: str,
                  limit: int) -> dict[str, Any]:
    ask = _Asked(conn, actor, query, now, words.lang(language), limit)
    reader = {
        "due": ask.due, "working_on": ask.working_on, "blocking": ask.chain, "blocked_by": ask.chain,
        "blocked": ask.blocked,
        "members": ask.members, "owner": ask.owner, "assignees": ask.assignees, "status": ask.status,
        "finished_count": ask.finished,
    }[query.type]
    out = await reader()
    return {"type": query.type, "language": ask.language, **out}


class _Asked:
    """One question being answered: the asker, the clock, and the shapes rows are returned in."""

    def __init__(self, conn: asyncpg.Connection, actor: Actor, query: Question, now: datetime, language: str,
                 limit: int) -> None:
        self.conn, self.actor, self.q, self.now, self.language, self.limit = conn, actor, query, now, language, limit
        self.who = (actor.id, actor.role)

    # --- shapes ---------------------------------------------------------------------------

    def _task(self, r: Any) -> dict[str, Any]:
        due = r["due_date"]
        row = {
            "id": str(r["id"]), "title": r["title"], "status": r["status"], "priority": r["priority"],
            "due_date": due.astimezone(self.now.tzinfo).isoformat() if due else None,
            "overdue": bool(due is not None and due < self.now and r["status"] not in ("completed", "cancelled")),
            "channel_id": str(r["channel_id"]) if r["channel_id"] else None, "channel_name": r["channel_name"],
            "assignees": [{"id": str(i), "full_name": n} for i, n in zip(r["assignee_ids"], r["assignee_names"], strict=False)],
        }
        if r["completed_at"] is not None:
            row["completed_at"] = r["completed_at"].astimezone(self.now.tzinfo).isoformat()
        return row

    def _result(self, rows: list[dict[str, Any]], count: int, sentence: str, **extra: Any) -> dict[str, Any]:
        return {"rows": rows, "count": count, "truncated": count > len(rows), "sentence": sentence, **extra}

    async def _tasks(self, where: str, args: list[Any], order: str) -> tuple[list[dict[str, Any]], int]:
        """Visible tasks matching `where` ($3… are `args`), first `limit` in `order`, and how many there are."""
        n = len(args) + 3
        rows = await self.conn.fetch(
            f"""SELECT {_TASK_COLUMNS}, count(*) OVER () AS total
                FROM tasks t LEFT JOIN channels c ON c.id = t.channel_id
                WHERE {_VISIBLE} AND {where}
                ORDER BY {order}, t.id LIMIT ${n}""",
            *self.who, *args, self.limit,
        )
        count = rows[0]["total"] if rows else 0
        return [self._task(r) for r in rows], count

    async def _name(self, person_id: UUID) -> str | None:
        return await self.conn.fetchval("SELECT full_name FROM users WHERE id = $1", person_id)

    async def _visible_task(self, task_id: UUID) -> asyncpg.Record | None:
        return await self.conn.fetchrow(
            f"""SELECT {_TASK_COLUMNS} FROM tasks t LEFT JOIN channels c ON c.id = t.channel_id
                WHERE t.id = $3 AND {_VISIBLE}""",
            *self.who, task_id,
        )

    def _missing(self, kind: str) -> dict[str, Any]:
        return self._result([], 0, words.not_found(kind, self.language), found=False)

    # --- the questions ----------------------------------------------------------------------

    async def due(self) -> dict[str, Any]:
        window = self.q.window or "overdue"
        start, end = _window(window, self.now)
        channel = await self._channel_name(self.q.channel_id)
        if self.q.channel_id and channel is None:
            return self._missing("channel")
        rows, count = await self._tasks(
            f"""{_OPEN} AND t.due_date IS NOT NULL
                AND ($3::timestamptz IS NULL OR t.due_date >= $3) AND t.due_date < $4
                AND ($5::uuid IS NULL OR t.channel_id = $5) AND ($6::uuid IS NULL OR c.category_id = $6)
                AND ($7::uuid IS NULL OR EXISTS (SELECT 1 FROM task_assignees fa WHERE fa.task_id = t.id AND fa.user_id = $7))""",
            [start, end, self.q.channel_id, self.q.category_id, self.q.person_id],
            f"t.due_date, {_PRIORITY_FIRST}",
        )
        category = await self.conn.fetchval("SELECT name FROM categories WHERE id = $1", self.q.category_id) \
            if self.q.category_id else None
        person = await self._name(self.q.person_id) if self.q.person_id else None
        where = words.where(channel, category, person, self.language)
        return self._result(rows, count, words.due(window, count, [r["title"] for r in rows], where, self.language),
                            window=window, **_span(start, end, self.now))

    async def working_on(self) -> dict[str, Any]:
        assert self.q.person_id is not None
        person = await self._name(self.q.person_id)
        if person is None:
            return self._missing("person")
        rows, count = await self._tasks(
            f"""{_OPEN} AND EXISTS (SELECT 1 FROM task_assignees fa WHERE fa.task_id = t.id AND fa.user_id = $3)
                AND ($4::uuid IS NULL OR t.channel_id = $4)""",
            [self.q.person_id, self.q.channel_id],
            f"t.due_date NULLS LAST, {_PRIORITY_FIRST}, t.created_at",
        )
        sentence = words.working_on(person, self.q.person_id == self.actor.id, count, [r["title"] for r in rows],
                                    self.language)
        return self._result(rows, count, sentence, person={"id": str(self.q.person_id), "full_name": person})

    async def chain(self) -> dict[str, Any]:
        """The open tasks `task_id` waits on ("blocking") or that wait on it ("blocked_by"), transitively.

        One recursive query collects the edges reachable through open tasks the asker can see (UNION keeps it
        bounded by the number of edges, whatever the shape of the graph); a hidden or finished task ends a path.
        Depth and the task each one directly blocks come from a breadth-first walk of those edges.
        """
        assert self.q.task_id is not None
        task = await self._visible_task(self.q.task_id)
        if task is None:
            return self._missing("task")
        upstream = self.q.type == "blocking"
        near, far = ("task_id", "depends_on_task_id") if upstream else ("depends_on_task_id", "task_id")
        edges = await self.conn.fetch(
            f"""WITH RECURSIVE reach(via, node) AS (
                    SELECT d.{near}, d.{far} FROM task_dependencies d JOIN tasks t ON t.id = d.{far}
                    WHERE d.{near} = $3 AND d.dependency_type <> 'parallel' AND {_OPEN} AND {_VISIBLE}
                    UNION
                    SELECT d.{near}, d.{far} FROM reach r JOIN task_dependencies d ON d.{near} = r.node
                    JOIN tasks t ON t.id = d.{far}
                    WHERE d.dependency_type <> 'parallel' AND {_OPEN} AND {_VISIBLE}
                )
                SELECT via, node FROM reach""",
            *self.who, self.q.task_id,
        )
        done = task["status"] in ("completed", "cancelled")
        depth: dict[UUID, tuple[int, UUID]] = {}
        if not done:
            nexts: dict[UUID, list[UUID]] = {}
            for e in edges:
                nexts.setdefault(e["via"], []).append(e["node"])
            frontier = deque([(self.q.task_id, 0)])
            while frontier:
                at, d = frontier.popleft()
                for nxt in sorted(nexts.get(at, []), key=str):
                    if nxt not in depth and nxt != self.q.task_id:
                        depth[nxt] = (d + 1, at)
                        frontier.append((nxt, d + 1))
        rows: list[dict[str, Any]] = []
        if depth:
            found = await self.conn.fetch(
                f"""SELECT {_TASK_COLUMNS} FROM tasks t LEFT JOIN channels c ON c.id = t.channel_id
                    WHERE t.id = ANY($3::uuid[]) AND {_VISIBLE}""",
                *self.who, list(depth),
            )
            for r in found:
                row = self._task(r)
                row["depth"], via = depth[r["id"]]
                row["blocks" if upstream else "waits_on"] = str(via)
                rows.append(row)
            rows.sort(key=lambda r: (r["depth"], r["due_date"] or "9999", r["title"]))
        count = len(rows)
        sentence = words.chain(self.q.type, task["title"], task["status"], count, [r["title"] for r in rows], self.language)
        return self._result(rows[: self.limit], count, sentence, task=self._task(task))

    async def blocked(self) -> dict[str, Any]:
        """Open tasks waiting on at least one open blocker the asker can see, or marked blocked; each row says
        what it waits on (`waits_on`: the direct open blockers, soonest due first) and whether it is marked."""
        channel = await self._channel_name(self.q.channel_id)
        if self.q.channel_id and channel is None:
            return self._missing("channel")
        person = await self._name(self.q.person_id) if self.q.person_id else None
        if self.q.person_id and person is None:
            return self._missing("person")
        found = await self.conn.fetch(
            _BLOCKED,
            *self.who, self.q.channel_id, self.q.category_id, self.q.person_id, self.limit,
        )
        rows = []
        for r in found:
            row = self._task(r)
            row["waits_on"] = [{"id": str(i), "title": title} for i, title in zip(r["blocker_ids"], r["blocker_titles"], strict=True)]
            row["marked_blocked"] = r["status"] == "blocked"
            rows.append(row)
        count = found[0]["total"] if found else 0
        category = await self.conn.fetchval("SELECT name FROM categories WHERE id = $1", self.q.category_id) \
            if self.q.category_id else None
        where = words.where(channel, category, None, self.language)
        sentence = words.blocked(person, self.q.person_id == self.actor.id, count,
                                 [(r["title"], r["marked_blocked"], [w["title"] for w in r["waits_on"]]) for r in rows],
                                 where, self.language)
        return self._result(rows, count, sentence)

    async def _channel(self) -> asyncpg.Record | None:
        assert self.q.channel_id is not None
        return await visible_channel(self.conn, self.q.channel_id, *self.who)

    async def _channel_name(self, channel_id: UUID | None) -> str | None:
        if channel_id is None:
            return None
        found = await visible_channel(self.conn, channel_id, *self.who)
        return found["name"] if found else None

    async def _members(self, owners_only: bool = False) -> list[dict[str, Any]]:
        rows = await self.conn.fetch(
            """SELECT u.id, u.full_name, m.role::text AS role, u.role::text AS org_role, u.department
               FROM channel_members m JOIN users u ON u.id = m.user_id
               WHERE m.channel_id = $1 AND u.is_active AND (NOT $2 OR m.role = 'owner')
               ORDER BY array_position(ARRAY['owner', 'manager', 'member'], m.role::text), u.full_name""",
            self.q.channel_id, owners_only,
        )
        return [{"id": str(r["id"]), "full_name": r["full_name"], "role": r["role"], "org_role": r["org_role"],
                 "department": r["department"]} for r in rows]

    async def members(self) -> dict[str, Any]:
        channel = await self._channel()
        if channel is None:
            return self._missing("channel")
        rows = await self._members()
        subject = {"id": str(channel["id"]), "name": channel["name"]}
        if self.q.person_id is not None:
            person = await self._name(self.q.person_id) or "?"
            yes = any(r["id"] == str(self.q.person_id) for r in rows)
            return self._result(rows[: self.limit], len(rows), words.is_in(person, channel["name"], yes, "channel", self.language),
                                channel=subject, answer=yes)
        names = [r["full_name"] + (" (owner)" if r["role"] == "owner" and self.language == "en" else "") for r in rows]
        return self._result(rows[: self.limit], len(rows), words.members(channel["name"], names, len(rows), self.language),
                            channel=subject)

    async def owner(self) -> dict[str, Any]:
        channel = await self._channel()
        if channel is None:
            return self._missing("channel")
        rows = await self._members(owners_only=True)
        creator = None
        if not rows:
            creator = await self._name(channel["created_by"])
        sentence = words.owner(channel["name"], [r["full_name"] for r in rows], creator, self.language)
        return self._result(rows, len(rows), sentence, channel={"id": str(channel["id"]), "name": channel["name"]},
                            created_by={"id": str(channel["created_by"]), "full_name": creator} if creator else None)

    async def assignees(self) -> dict[str, Any]:
        assert self.q.task_id is not None
        task = await self._visible_task(self.q.task_id)
        if task is None:
            return self._missing("task")
        shaped = self._task(task)
        rows = shaped["assignees"]
        if self.q.person_id is not None:
            person = await self._name(self.q.person_id) or "?"
            yes = any(r["id"] == str(self.q.person_id) for r in rows)
            return self._result(rows, len(rows), words.is_in(person, task["title"], yes, "task", self.language),
                                task=shaped, answer=yes)
        return self._result(rows, len(rows), words.assignees(task["title"], [r["full_name"] for r in rows], self.language),
                            task=shaped)

    async def status(self) -> dict[str, Any]:
        if self.q.task_id is not None:
            task = await self._visible_task(self.q.task_id)
            if task is None:
                return self._missing("task")
            blockers = await self.conn.fetchval(
                f"""SELECT count(*) FROM task_dependencies d JOIN tasks t ON t.id = d.depends_on_task_id
                    WHERE d.task_id = $3 AND d.dependency_type <> 'parallel' AND {_OPEN} AND {_VISIBLE}""",
                *self.who, self.q.task_id,
            )
            row = self._task(task)
            row["open_blockers"] = blockers
            shaped = {**dict(task), "assignees": row["assignees"]}
            return self._result([row], 1, words.task_status(shaped, self.now, blockers, self.language))
        channel = await self._channel()
        if channel is None:
            return self._missing("channel")
        counts = await self.conn.fetchrow(
            f"""SELECT count(*) FILTER (WHERE t.status <> 'cancelled') AS total,
                       count(*) FILTER (WHERE t.status = 'completed') AS done,
                       count(*) FILTER (WHERE {_OPEN}) AS open,
                       count(*) FILTER (WHERE {_OPEN} AND t.due_date < $2) AS overdue
                FROM tasks t WHERE t.channel_id = $1""",
            self.q.channel_id, self.now,
        )
        by_status = {r["status"]: r["n"] for r in await self.conn.fetch(
            "SELECT status::text AS status, count(*) AS n FROM tasks WHERE channel_id = $1 GROUP BY status ORDER BY status",
            self.q.channel_id,
        )}
        rows, _ = await self._tasks(f"{_OPEN} AND t.channel_id = $3", [self.q.channel_id],
                                    f"t.due_date NULLS LAST, {_PRIORITY_FIRST}")
        progress = {"done": counts["done"], "total": counts["total"], "open": counts["open"],
                    "overdue": counts["overdue"], "by_status": by_status}
        sentence = words.channel_status(channel["name"], channel["status"], counts["done"], counts["total"],
                                        counts["open"], counts["overdue"], self.language)
        return self._result(rows, counts["open"], sentence, progress=progress,
                            channel={"id": str(channel["id"]), "name": channel["name"], "status": channel["status"]})

    async def finished(self) -> dict[str, Any]:
        period = self.q.period or "all_time"
        start, end = _period(period, self.now)
        person = await self._name(self.q.person_id) if self.q.person_id else None
        if self.q.person_id and person is None:
            return self._missing("person")
        rows, count = await self._tasks(
            """t.status = 'completed' AND ($3::timestamptz IS NULL OR t.completed_at >= $3)
               AND ($4::timestamptz IS NULL OR t.completed_at < $4)
               AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM task_assignees fa WHERE fa.task_id = t.id AND fa.user_id = $5))""",
            [start, end, self.q.person_id],
            "t.completed_at DESC NULLS LAST",
        )
        sentence = words.finished(person, self.q.person_id == self.actor.id, count, period, self.language)
        return self._result(rows, count, sentence, period=period, **_span(start, end, self.now))


def _midnight(now: datetime, days: int = 0) -> datetime:
    return datetime.combine(now.date() + timedelta(days=days), datetime.min.time(), tzinfo=now.tzinfo)


def _window(window: str, now: datetime) -> tuple[datetime | None, datetime]:
    """[start, end) of a due window in the asker's timezone; overdue is everything before now."""
    monday = words.week_start(now)
    return {
        "overdue": (None, now),
        "today": (_midnight(now), _midnight(now, 1)),
        "tomorrow": (_midnight(now, 1), _midnight(now, 2)),
        "this_week": (monday, _days_after(monday, 7)),
        "next_week": (_days_after(monday, 7), _days_after(monday, 14)),
    }[window]


def _days_after(day: datetime, days: int) -> datetime:
    """The same wall-clock time `days` later (midnight stays midnight across a DST change)."""
    return datetime.combine(day.date() + timedelta(days=days), day.time(), tzinfo=day.tzinfo)


def _period(period: str, now: datetime) -> tuple[datetime | None, datetime | None]:
    """[start, end) of a finished period in the asker's timezone; all_time is unbounded."""
    monday = words.week_start(now)
    first = datetime.combine(now.date().replace(day=1), datetime.min.time(), tzinfo=now.tzinfo)
    last_month = datetime.combine((first.date() - timedelta(days=1)).replace(day=1), datetime.min.time(), tzinfo=now.tzinfo)
    return {
        "today": (_midnight(now), None),
        "this_week": (monday, None),
        "last_week": (_days_after(monday, -7), monday),
        "this_month": (first, None),
        "last_month": (last_month, first),
        "all_time": (None, None),
    }[period]


def _span(start: datetime | None, end: datetime | None, now: datetime) -> dict[str, Any]:
    return {"from": start.astimezone(now.tzinfo).isoformat() if start else None,
            "until": end.astimezone(now.tzinfo).isoformat() if end else None}
