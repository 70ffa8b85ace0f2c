"""Learned defaults (issue 11, "organisational memory"): for a task made without an assignee, a priority or a
due date, what the history visible to the speaker usually did, with the count that says why.

Everything is counted in SQL over the tasks the speaker may see; nothing is learned from a channel they
cannot see. The rule, the thresholds and the feedback are explained in docs/memory.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from store.access import Actor, channel_id_visible, users_who_cannot_see_channel

WINDOW = 10  # the last N tasks of a scope that had the field set
MIN_COUNT = 3  # the usual value needs at least this many of them ...
# ... and more than half of them (checked as count * 2 > total).
DECLINE_DAYS = 30  # a declined (category, field, value) is not suggested to the same person again for this long
ACCEPT_DAYS = 90  # acceptances this recent add confidence
ACCEPT_BONUS = 0.05  # per acceptance, at most three of them
FIELDS = ("assignee", "priority", "due_offset")
# Scopes in the order they are tried: the most specific history first.
SCOPES = (("words", True), ("category", True), ("words", False), ("category", False))

# Words too common to say what a task is about (English and Spanish); titles are compared on the rest.
_STOP = frozenset("""
about after again also before from have into more next only over some than that their them then there these this
those very what when where which while with would your week weeks today tomorrow task tasks item items thing
things prepare review draft update create make send write check plan finish follow call book organise organize
schedule start done para como esta este estos estas sobre entre desde hasta tarea tareas hacer preparar revisar
""".split())
_WORD = re.compile(r"[^\W_]+")


def title_words(title: str) -> list[str]:
    """The words of a title that say what it is about: lower case, four letters or more, not common."""
    return sorted({w for w in _WORD.findall(title.lower()) if len(w) >= 4 and w not in _STOP})


@dataclass(frozen=True)
class Count:
    scope: str  # "words" or "category"
    mine: bool  # only tasks the speaker created
    field: str
    value: str
    n: int
    total: int


async def _counts(conn: asyncpg.Connection, actor: Actor, task: Any, words: list[str]) -> list[Count]:
    """Per scope and field: how often each value occurs among the last `WINDOW` tasks having that field."""
    rows = await conn.fetch(
        f"""WITH hist AS (
                SELECT t.id, t.created_at, t.created_by = $2 AS mine,
                       coalesce($5::uuid IS NOT NULL AND c.category_id = $5, false) AS same_category,
                       coalesce(regexp_split_to_array(lower(t.title), '[^[:alnum:]]+') && $6::text[], false)
                           AS same_words,
                       (SELECT array_agg(a.user_id::text) FROM task_assignees a WHERE a.task_id = t.id) AS assignees,
                       t.priority::text AS priority,
                       CASE WHEN t.due_date >= t.created_at
                            THEN round(extract(epoch FROM t.due_date - t.created_at) / 86400)::int END AS due_days
                FROM tasks t LEFT JOIN channels c ON c.id = t.channel_id
                WHERE t.id <> $1 AND t.status <> 'cancelled' AND t.created_at < $4
                  AND {channel_id_visible('t.channel_id', '$2', '$3')}
                  AND (c.category_id = $5 OR regexp_split_to_array(lower(t.title), '[^[:alnum:]]+') && $6::text[])
            ), facts AS (
                SELECT s.scope, s.mine_only, f.field, h.id, h.created_at, f.vals
                FROM hist h
                CROSS JOIN (VALUES ('words', true), ('category', true), ('words', false), ('category', false))
                    AS s (scope, mine_only)
                CROSS JOIN LATERAL (VALUES ('assignee', h.assignees), ('priority', ARRAY[h.priority]),
                                           ('due_offset', CASE WHEN h.due_days IS NOT NULL
                                                               THEN ARRAY[h.due_days::text] END)) AS f (field, vals)
                WHERE f.vals IS NOT NULL AND (h.mine OR NOT s.mine_only)
                  AND CASE s.scope WHEN 'words' THEN h.same_words ELSE h.same_category END
            ), windowed AS (
                SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY scope, mine_only, field
                                                            ORDER BY created_at DESC, id) AS rn FROM facts) r
                WHERE rn <= $7
            ), totals AS (
                SELECT scope, mine_only, field, count(*) AS total FROM windowed GROUP BY 1, 2, 3
            )
            SELECT w.scope, w.mine_only, w.field, v.value, count(*) AS n, min(tt.total) AS total
            FROM windowed w CROSS JOIN LATERAL unnest(w.vals) AS v (value)
            JOIN totals tt USING (scope, mine_only, field)
            GROUP BY w.scope, w.mine_only, w.field, v.value""",
        task["id"], actor.id, actor.role, task["created_at"], task["category_id"], words, WINDOW,
    )
    return [Count(r["scope"], r["mine_only"], r["field"], r["value"], r["n"], r["total"]) for r in rows]


async def feedback_of(conn: asyncpg.Connection, user_id: UUID, category_id: UUID | None) -> dict[tuple[str, str], Any]:
    """(field, value) → whether its latest answer is a recent decline, and how many recent acceptances."""
    rows = await conn.fetch(
        """SELECT field, value,
                  coalesce(max(created_at) FILTER (WHERE NOT accepted) > now() - make_interval(days => $3)
                           AND max(created_at) FILTER (WHERE NOT accepted)
                               > coalesce(max(created_at) FILTER (WHERE accepted), '-infinity'), false) AS declined,
                  count(*) FILTER (WHERE accepted AND created_at > now() - make_interval(days => $4)) AS accepted
           FROM suggestion_feedback
           WHERE user_id = $1 AND category_id IS NOT DISTINCT FROM $2
           GROUP BY field, value""",
        user_id, category_id, DECLINE_DAYS, ACCEPT_DAYS,
    )
    return {(r["field"], r["value"]): r for r in rows}


def _best(counts: list[Count], scope: str, mine: bool, field: str, skip: set[str]) -> Count | None:
    """The usual value of one scope: the most frequent, if it is clear (no tie) and passes the thresholds."""
    ranked = sorted((c for c in counts if (c.scope, c.mine, c.field) == (scope, mine, field)),
                    key=lambda c: -c.n)
    if not ranked or (len(ranked) > 1 and ranked[1].n == ranked[0].n):
        return None
    top = ranked[0]
    if top.value in skip or top.n < MIN_COUNT or top.n * 2 <= top.total:
        return None
    return top


def _what(scope: str, category: str | None, words: list[str]) -> str:
    if scope == "category":
        name = category or ""
        return f"{name if name.isupper() else name.lower()} tasks"
    said = " or ".join(f"“{w}”" for w in words[:3])
    return f"tasks mentioning {said}"


def _reason(c: Count, what: str, label: str) -> str:
    counted = f"({c.n} of the last {c.total})"
    if c.field == "assignee":
        return (f"You usually assign {what} to {label} {counted}" if c.mine
                else f"{what[0].upper()}{what[1:]} are usually assigned to {label} {counted}")
    if c.field == "priority":
        return (f"You usually make {what} {label} priority {counted}" if c.mine
                else f"{what[0].upper()}{what[1:]} are usually {label} priority {counted}")
    return (f"You usually make {what} due {label} after they are created {counted}" if c.mine
            else f"{what[0].upper()}{what[1:]} are usually due {label} after they are created {counted}")


def _days(n: int) -> str:
    return "the same day" if n == 0 else "1 day" if n == 1 else f"{n} days"


async def _names(conn: asyncpg.Connection) -> dict[str, str]:
    """Person id → how a reason names them: the first name, or the full name when two share it."""
    rows = await conn.fetch("SELECT id::text AS id, full_name FROM users WHERE is_active")
    firsts = [r["full_name"].split()[0] for r in rows]
    return {r["id"]: (first if firsts.count(first) == 1 else r["full_name"]) for r, first in zip(rows, firsts, strict=True)}


async def suggest(conn: asyncpg.Connection, actor: Actor, created: list[tuple[str, UUID]]) -> list[dict[str, Any]]:
    """Suggestions for tasks a command just made (`(action_id, task_id)`), each field the task lacks at most once:
    `{n, task_ref, task_id, task_title, field, value, label, reason, confidence, basis, status: "offered"}`.
    A field is lacking when the task has no assignee, the default priority (medium) or no due date."""
    out: list[dict[str, Any]] = []
    names: dict[str, str] | None = None
    for action_id, task_id in created:
        task = await conn.fetchrow(
            """SELECT t.id, t.title, t.channel_id, t.created_at, t.priority::text AS priority, t.due_date,
                      c.category_id, cat.name AS category,
                      EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = t.id) AS assigned
               FROM tasks t LEFT JOIN channels c ON c.id = t.channel_id
                            LEFT JOIN categories cat ON cat.id = c.category_id
               WHERE t.id = $1""",
            task_id,
        )
        if task is None:
            continue
        missing = [f for f, lacking in (("assignee", not task["assigned"]), ("priority", task["priority"] == "medium"),
                                        ("due_offset", task["due_date"] is None)) if lacking]
        words = title_words(task["title"])
        if not missing or (task["category_id"] is None and not words):
            continue
        counts = await _counts(conn, actor, task, words)
        if not counts:
            continue
        feedback = await feedback_of(conn, actor.id, task["category_id"])
        names = names if names is not None else await _names(conn)
        for field in missing:
            skip = {value for (f, value), r in feedback.items() if f == field and r["declined"]}
            if field == "priority":
                skip.add("medium")  # it has that already
            if field == "assignee":
                candidates = [c.value for c in counts if c.field == field]
                blind = await users_who_cannot_see_channel(conn, task["channel_id"], [UUID(v) for v in candidates])
                skip |= {str(u) for u in blind} | {v for v in candidates if v not in names}
            for scope, mine in SCOPES:
                if scope == "category" and task["category_id"] is None:
                    continue
                best = _best(counts, scope, mine, field, skip)
                if best is None:
                    continue
                accepted = int(feedback[(field, best.value)]["accepted"]) if (field, best.value) in feedback else 0
                value: Any = best.value
                extra: dict[str, Any] = {}
                if field == "assignee":
                    label = ("yourself" if mine else "you") if best.value == str(actor.id) else names[best.value]
                elif field == "priority":
                    label = best.value
                else:
                    value = int(best.value)
                    label = _days(value)
                    extra["due_date"] = (task["created_at"] + timedelta(days=value)).isoformat()
                reason = _reason(best, _what(scope, task["category"], words), label)
                if accepted:
                    reason += f"; you accepted this {accepted} time{'s' if accepted > 1 else ''}"
                confidence = min(0.99, best.n / best.total + ACCEPT_BONUS * min(accepted, 3))
                out.append({"n": len(out), "task_ref": action_id, "task_id": str(task["id"]),
                            "task_title": task["title"], "field": field, "value": value, "label": label,
                            "reason": reason, "confidence": round(confidence, 2), "status": "offered",
                            "basis": {"scope": scope, "mine": mine, "count": best.n, "of": best.total,
                                      "category_id": str(task["category_id"]) if task["category_id"] else None,
                                      "words": words if scope == "words" else [], "accepted_before": accepted},
                            **extra})
                break
    return out


async def record_feedback(conn: asyncpg.Connection, user_id: UUID, command_id: UUID, suggestion: dict[str, Any],
                          accepted: bool) -> bool:
    """Store the answer to suggestion `suggestion["n"]` of a command; False if it was answered already."""
    basis = suggestion.get("basis") or {}
    category = basis.get("category_id")
    done = await conn.fetchval(
        """INSERT INTO suggestion_feedback (user_id, command_id, n, task_id, category_id, field, value, accepted)
           VALUES ($1, $2, $3, (SELECT id FROM tasks WHERE id = $4), $5, $6, $7, $8)
           ON CONFLICT (command_id, n) DO NOTHING RETURNING true""",
        user_id, command_id, suggestion["n"], UUID(suggestion["task_id"]) if suggestion.get("task_id") else None,
        UUID(category) if category else None,
        suggestion["field"], str(suggestion["value"]), accepted,
    )
    return bool(done)


async def mark(conn: asyncpg.Connection, command_id: UUID, n: int, status: str, at: datetime) -> None:
    """Note on the command's record what became of its suggestion `n` ("accepted" / "declined")."""
    await conn.execute(
        """UPDATE voice_commands
           SET intent_analysis = jsonb_set(jsonb_set(intent_analysis, ARRAY['suggestions', $2::text, 'status'],
                                                     to_jsonb($3::text)),
                                           ARRAY['suggestions', $2::text, 'answered_at'], to_jsonb($4::text)),
               updated_at = now()
           WHERE id = $1""",
        command_id, str(n), status, at.isoformat(),
    )


RECUR_MIN = 2  # a task recurs when it was in at least this many past channels of the category ...
# ... and in more than half of the last `RECUR_WINDOW` of them (checked as count * 2 > channels)
RECUR_WINDOW = 6
RECUR_MAX = 5  # at most this many tasks suggested for one new channel


async def suggest_tasks(conn: asyncpg.Connection, actor: Actor, created: list[tuple[str, UUID]], first_n: int
                        ) -> list[dict[str, Any]]:
    """Predictive tasks for channels a command just made (`(action_id, channel_id)`): the tasks that recurred in
    the last `RECUR_WINDOW` channels of the same category the speaker may see, each with the channels it came from
    as the reason. Offered like the learned defaults (`field: "task"`); accepting one creates it in the channel."""
    out: list[dict[str, Any]] = []
    for action_id, channel_id in created:
        channel = await conn.fetchrow(
            """SELECT c.id, c.name, c.category_id, cat.name AS category,
                      EXISTS (SELECT 1 FROM tasks t WHERE t.channel_id = c.id) AS has_tasks
               FROM channels c LEFT JOIN categories cat ON cat.id = c.category_id WHERE c.id = $1""", channel_id)
        if channel is None or channel["category_id"] is None:
            continue
        past = await conn.fetch(
            f"""SELECT c.id, c.name FROM channels c
                WHERE c.category_id = $1 AND c.id <> $2 AND {channel_id_visible('c.id', '$3', '$4')}
                  AND EXISTS (SELECT 1 FROM tasks t WHERE t.channel_id = c.id AND t.parent_task_id IS NULL)
                ORDER BY c.created_at DESC LIMIT {RECUR_WINDOW}""",
            channel["category_id"], channel_id, actor.id, actor.role)
        if len(past) < RECUR_MIN:
            continue
        titles = await conn.fetch(
            """SELECT DISTINCT ON (t.channel_id, lower(t.title)) t.channel_id, t.title FROM tasks t
               WHERE t.channel_id = ANY($1::uuid[]) AND t.parent_task_id IS NULL AND t.status <> 'cancelled'""",
            [r["id"] for r in past])
        names = {r["id"]: r["name"] for r in past}
        seen: dict[str, dict[str, Any]] = {}
        for row in titles:
            key = " ".join(title_words(row["title"])) or row["title"].lower()
            entry = seen.setdefault(key, {"title": row["title"], "channels": [], "spellings": []})
            entry["spellings"].append(row["title"])
            if row["channel_id"] not in entry["channels"]:
                entry["channels"].append(row["channel_id"])
        for entry in seen.values():  # the spelling used most, then the first in order: the same every time
            entry["title"] = min(entry["spellings"], key=lambda t: (-entry["spellings"].count(t), t))
            entry["channels"].sort(key=lambda c: names[c])
        already = {" ".join(title_words(r["title"])) for r in await conn.fetch(
            "SELECT title FROM tasks WHERE channel_id = $1", channel_id)}
        recurring = sorted((e for k, e in seen.items() if k not in already and len(e["channels"]) >= RECUR_MIN
                            and len(e["channels"]) * 2 > len(past)),
                           key=lambda e: (-len(e["channels"]), e["title"].lower()))[:RECUR_MAX]
        declined = {value for (f, value), r in (await feedback_of(conn, actor.id, channel["category_id"])).items()
                    if f == "task" and r["declined"]}
        recurring = [e for e in recurring if e["title"] not in declined]
        category = str(channel["category"]).lower()
        for e in recurring:
            where = ", ".join(names[c] for c in e["channels"][:3]) + (" …" if len(e["channels"]) > 3 else "")
            reason = (f"“{e['title']}” was a task in {len(e['channels'])} of the last {len(past)} {category} "
                      f"channels ({where})")
            out.append({"n": first_n + len(out), "task_ref": action_id, "task_id": None,
                        "channel_id": str(channel_id), "channel_name": channel["name"], "task_title": e["title"],
                        "field": "task", "value": e["title"], "label": e["title"], "reason": reason,
                        "confidence": round(len(e["channels"]) / len(past), 2), "status": "offered",
                        "basis": {"scope": "category", "mine": False, "count": len(e["channels"]), "of": len(past),
                                  "category_id": str(channel["category_id"]), "words": [],
                                  "channels": [str(c) for c in e["channels"]], "accepted_before": 0}})
    return out
