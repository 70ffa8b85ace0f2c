"""Predictive subtasks (issue 11, "organisational memory"): a task a command just made whose title is like earlier
tasks the speaker may see ("Prepare for the board meeting" after "Prepare the Q3 board meeting", "Board meeting
prep") is offered the subtasks that recurred under those tasks, with them as the reason.

Offered like the learned defaults (`field: "subtask"`), never applied: accepting one creates it under the new
task (store.domain.suggestions). The rule and its thresholds are explained in docs/memory.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from store.access import Actor, channel_id_visible
from store.memory import feedback_of, title_words

SIMILAR = 0.5  # two titles are alike when their meaningful words overlap this much (shared ÷ all, Jaccard)
PARENT_WINDOW = 6  # the last N alike tasks that had subtasks are read
SUB_MIN = 2  # a subtask recurs when it was under at least this many of them ...
# ... and under more than half of them (checked as count * 2 > parents)
SUB_MAX = 5  # at most this many subtasks offered for one new task
_CANDIDATES = 200  # earlier tasks sharing a word that are compared at most (newest first): keeps it a few ms


def _key(title: str) -> frozenset[str]:
    """What a title is compared on: its meaningful words, or the whole title when it has none."""
    return frozenset(title_words(title)) or frozenset([title.strip().lower()])


def alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two titles' keys overlap by at least `SIMILAR` of the words either has."""
    return bool(a and b) and len(a & b) >= SIMILAR * len(a | b)


@dataclass
class _Recurring:
    key: frozenset[str]
    spellings: list[str] = field(default_factory=list)
    parents: list[UUID] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The spelling used most, then the first in order: the same every time."""
        return min(self.spellings, key=lambda t: (-self.spellings.count(t), t))


async def _parents(conn: asyncpg.Connection, actor: Actor, task: Any, key: frozenset[str]) -> list[asyncpg.Record]:
    """The last `PARENT_WINDOW` visible tasks made before `task`, alike in title, that had subtasks (newest first)."""
    rows = await conn.fetch(
        f"""SELECT p.id, p.title, p.created_at FROM tasks p
            WHERE p.id <> $1 AND p.status <> 'cancelled' AND p.created_at < $2
              AND regexp_split_to_array(lower(p.title), '[^[:alnum:]]+') && $3::text[]
              AND {channel_id_visible('p.channel_id', '$4', '$5')}
              AND EXISTS (SELECT 1 FROM tasks s WHERE s.parent_task_id = p.id AND s.status <> 'cancelled')
            ORDER BY p.created_at DESC, p.id LIMIT {_CANDIDATES}""",
        task["id"], task["created_at"], sorted(key), actor.id, actor.role)
    return [r for r in rows if alike(key, _key(r["title"]))][:PARENT_WINDOW]


def _named(parents: list[asyncpg.Record]) -> dict[UUID, str]:
    """Parent id → how a reason names it: its title, with the day it was made when two share the title."""
    titles = [p["title"] for p in parents]
    return {p["id"]: p["title"] if titles.count(p["title"]) == 1 else f"{p['title']} ({_day(p['created_at'])})"
            for p in parents}


def _day(at: datetime) -> str:
    return f"{at.day} {at:%b}"


async def suggest_subtasks(conn: asyncpg.Connection, actor: Actor, created: list[tuple[str, UUID]], first_n: int
                           ) -> list[dict[str, Any]]:
    """Predictive subtasks for top-level tasks a command just made (`(action_id, task_id)`): the subtasks that
    recurred under the last `PARENT_WINDOW` alike tasks the speaker may see, most frequent first, each with those
    tasks as the reason; numbered from `first_n`."""
    out: list[dict[str, Any]] = []
    for action_id, task_id in created:
        task = await conn.fetchrow(
            """SELECT t.id, t.title, t.channel_id, t.parent_task_id, t.created_at, c.category_id
               FROM tasks t LEFT JOIN channels c ON c.id = t.channel_id WHERE t.id = $1""", task_id)
        if task is None or task["parent_task_id"] is not None:
            continue
        words = title_words(task["title"])
        if not words:  # nothing said what it is about: no basis to call another task alike
            continue
        parents = await _parents(conn, actor, task, frozenset(words))
        if len(parents) < SUB_MIN:
            continue
        subs = await conn.fetch(
            f"""SELECT s.parent_task_id, s.title FROM tasks s
                WHERE s.parent_task_id = ANY($1::uuid[]) AND s.status <> 'cancelled'
                  AND {channel_id_visible('s.channel_id', '$2', '$3')}
                ORDER BY s.created_at, s.id""",
            [p["id"] for p in parents], actor.id, actor.role)
        order = {p["id"]: i for i, p in enumerate(parents)}
        groups: list[_Recurring] = []
        for row in sorted(subs, key=lambda r: order[r["parent_task_id"]]):  # newest parent's spelling first
            key = _key(row["title"])
            group = next((g for g in groups if alike(g.key, key)), None)
            if group is None:
                group = _Recurring(key)
                groups.append(group)
            group.spellings.append(row["title"])
            if row["parent_task_id"] not in group.parents:
                group.parents.append(row["parent_task_id"])
        already = [_key(r["title"]) for r in await conn.fetch(
            "SELECT title FROM tasks WHERE parent_task_id = $1", task_id)]
        declined = [_key(value) for (f, value), r in (await feedback_of(conn, actor.id, task["category_id"])).items()
                    if f == "subtask" and r["declined"]]
        recurring = sorted((g for g in groups if len(g.parents) >= SUB_MIN and len(g.parents) * 2 > len(parents)
                            and not any(alike(g.key, k) for k in already + declined)),
                           key=lambda g: (-len(g.parents), g.title.lower()))[:SUB_MAX]
        names = _named(parents)
        for g in recurring:
            g.parents.sort(key=lambda p: order[p])
            where = ", ".join(names[p] for p in g.parents[:3]) + (" …" if len(g.parents) > 3 else "")
            title = g.title
            reason = (f"“{title}” was a subtask of {len(g.parents)} of the last {len(parents)} similar tasks "
                      f"({where})")
            out.append({"n": first_n + len(out), "task_ref": action_id, "task_id": str(task_id),
                        "task_title": task["title"], "field": "subtask", "value": title, "label": title,
                        "reason": reason, "confidence": round(len(g.parents) / len(parents), 2), "status": "offered",
                        "basis": {"scope": "words", "mine": False, "count": len(g.parents), "of": len(parents),
                                  "category_id": str(task["category_id"]) if task["category_id"] else None,
                                  "words": words, "parents": [str(p) for p in g.parents], "accepted_before": 0}})
    return out
