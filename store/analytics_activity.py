"""Executive analytics over activity: messages and mentions (/communication), commands (/commands).

Messages count only in channels the caller may see (the `store.access` predicate); commands are the
caller's own, everyone's for the CEO, and a manager's own plus staff's. Durations: minutes for replies,
hours for waiting, milliseconds for command stages (percentiles interpolated, PostgreSQL's percentile_cont).
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta
from typing import Any

import asyncpg

from store.analytics import VISIBLE_CHANNELS, Conn, Scope, iso_weeks, snapshot

OPEN_MENTIONS_LIMIT = 100
# Stages that are sums of others: never "the slowest stage".
TOTALS = ("total_ms", "end_of_speech_to_commit_ms")


# --- communication ---------------------------------------------------------------------------------


async def communication(conn: Conn, scope: Scope, silent_days: int = 7) -> dict[str, Any]:
    """Messages per visible channel and per ISO week of the period; the median time to the first reply to a
    mention (a later message in the same channel by the mentioned person); channels with no message for
    `silent_days` before `now` (active ones); open mentions: who waits on whom, oldest first.

    With a person, their messages and the mentions they made or got.
    """
    if isinstance(conn, asyncpg.Pool):
        async with snapshot(conn) as acquired:
            return await communication(acquired, scope, silent_days)
    params = (*scope.params()[:5], scope.start, scope.end, scope.now)
    alive = "m.deleted_at IS NULL AND m.created_at >= $6 AND m.created_at < $7 AND ($5::uuid IS NULL OR m.user_id = $5)"
    # One pass over the period's messages, per channel and ISO week: the channel counts and the week counts are
    # its sums (was one count per channel and a second pass for the weeks).
    rows = await conn.fetch(
        f"""WITH {VISIBLE_CHANNELS},
            counted AS (
                SELECT m.channel_id, date_trunc('week', m.created_at AT TIME ZONE 'UTC') AS week, count(*)::int AS n
                FROM messages m WHERE m.channel_id IN (SELECT id FROM vc) AND {alive} GROUP BY 1, 2),
            last AS MATERIALIZED (  -- once per channel, not once per channel and week
                SELECT vc.id, (SELECT max(m.created_at) FROM messages m
                               WHERE m.channel_id = vc.id AND m.deleted_at IS NULL AND m.created_at <= $8) AS at
                FROM vc)
            SELECT vc.id AS channel_id, vc.name, vc.status, vc.created_at, last.at AS last_message_at,
                   to_char(n.week, 'IYYY-"W"IW') AS week, n.n
            FROM vc JOIN last ON last.id = vc.id LEFT JOIN counted n ON n.channel_id = vc.id
            ORDER BY lower(vc.name), vc.id""",
        *params,
    )
    channels: dict[Any, dict[str, Any]] = {}
    weeks: Counter[str] = Counter()
    for r in rows:
        channel = channels.setdefault(r["channel_id"], {**r, "messages": 0})
        if r["week"] is not None:
            channel["messages"] += r["n"]
            weeks[r["week"]] += r["n"]
    # Each mention once, with its first reply; answered per mentioned person (how many, the seconds each reply
    # took) and, apart, the oldest open ones: a few hundred rows to read instead of every mention.
    mentions = await conn.fetch(
        f"""WITH {VISIBLE_CHANNELS},
            mention AS MATERIALIZED (
                SELECT m.id AS message_id, m.channel_id, vc.name AS channel_name, m.user_id AS from_id,
                       a.full_name AS from_name, p.person AS waiting_on_id, u.full_name AS waiting_on_name,
                       m.created_at AS mentioned_at,
                       (SELECT min(r.created_at) FROM messages r
                        WHERE r.channel_id = m.channel_id AND r.user_id = p.person AND r.created_at > m.created_at
                          AND r.created_at <= $8 AND r.deleted_at IS NULL) AS replied_at
                FROM messages m JOIN vc ON vc.id = m.channel_id CROSS JOIN LATERAL unnest(m.mentions) AS p(person)
                JOIN users a ON a.id = m.user_id JOIN users u ON u.id = p.person
                WHERE m.mentions <> '{{}}' AND m.deleted_at IS NULL AND m.created_at >= $6 AND m.created_at < $7
                  AND m.created_at <= $8 AND p.person <> m.user_id
                  AND ($5::uuid IS NULL OR m.user_id = $5 OR p.person = $5))
            SELECT NULL::uuid AS message_id, NULL::uuid AS channel_id, NULL::text AS channel_name,
                   NULL::uuid AS from_id, NULL::text AS from_name, waiting_on_id, waiting_on_name,
                   NULL::timestamptz AS mentioned_at, count(*)::int AS mentions,
                   count(*) FILTER (WHERE replied_at IS NULL)::int AS open,
                   -- exact seconds (numeric) as the nearest float, as Python's timedelta.total_seconds() gives them
                   array_agg(extract(epoch FROM replied_at - mentioned_at)::float8) FILTER (WHERE replied_at IS NOT NULL)
                       AS replies
            FROM mention GROUP BY waiting_on_id, waiting_on_name
            UNION ALL
            (SELECT message_id, channel_id, channel_name, from_id, from_name, waiting_on_id, waiting_on_name,
                    mentioned_at, NULL, NULL, NULL
             FROM mention WHERE replied_at IS NULL
             ORDER BY mentioned_at, message_id, waiting_on_id LIMIT {OPEN_MENTIONS_LIMIT})""",
        *params,
    )
    people = [r for r in mentions if r["mentions"] is not None]
    waiting = sorted((r for r in mentions if r["mentions"] is None),  # UNION ALL promises no order: said again
                     key=lambda r: (r["mentioned_at"], r["message_id"], r["waiting_on_id"]))
    replies = {r["waiting_on_id"]: [seconds / 60 for seconds in r["replies"] or ()] for r in people}
    every = [m for ms in replies.values() for m in ms]
    silent_before = scope.now - timedelta(days=silent_days)
    silent = []
    for r in channels.values():
        since = r["last_message_at"] or r["created_at"]
        if r["status"] == "active" and since < silent_before:
            silent.append({"channel_id": r["channel_id"], "name": r["name"], "last_message_at": r["last_message_at"],
                           "silent_days": int((scope.now - since).total_seconds() // 86400)})
    return {
        "channels": [{"channel_id": r["channel_id"], "name": r["name"], "messages": r["messages"],
                      "last_message_at": r["last_message_at"]} for r in channels.values()],
        "weeks": [{"week": w, "messages": weeks.get(w, 0)} for w in iso_weeks(scope.start, scope.end)],
        "mentions": sum(r["mentions"] for r in people),
        "replied": len(every),
        "median_reply_minutes": _median(every),
        "reply_by_person": [{"person_id": r["waiting_on_id"], "full_name": r["waiting_on_name"],
                             "mentions": r["mentions"], "replied": len(replies[r["waiting_on_id"]]),
                             "median_reply_minutes": _median(replies[r["waiting_on_id"]])}
                            for r in sorted(people, key=lambda r: (r["waiting_on_name"], str(r["waiting_on_id"])))],
        "silent_days": silent_days,
        "silent_channels": silent,
        "open_mentions_total": sum(r["open"] for r in people),
        "open_mentions": [{**{k: r[k] for k in ("message_id", "channel_id", "channel_name", "from_id", "from_name",
                                                  "waiting_on_id", "waiting_on_name", "mentioned_at")},
                           "waiting_hours": _round((scope.now - r["mentioned_at"]).total_seconds() / 3600)}
                          for r in waiting],
    }


def _median(values: list[float]) -> float | None:
    return _round(statistics.median(values)) if values else None


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


# --- commands -----------------------------------------------------------------------------------


async def commands(conn: Conn, scope: Scope) -> dict[str, Any]:
    """Commands of the period the caller may see: per UTC day by source, success rate (completed of those
    that finished: completed, failed, needs_clarification), the most planned action types, failure and
    clarification reasons (error code) with counts, p50/p95 per timing stage (ms), and suggestions.

    Commands carry no channel: the channel and category filters do not narrow them.
    """
    if isinstance(conn, asyncpg.Pool):
        async with snapshot(conn) as acquired:
            return await commands(acquired, scope)
    cmd = """WITH cmd AS (
        SELECT v.* FROM voice_commands v JOIN users u ON u.id = v.user_id
        WHERE v.created_at >= $4 AND v.created_at < $5 AND ($3::uuid IS NULL OR v.user_id = $3)
          AND (v.user_id = $1 OR $2::text = 'ceo' OR ($2::text = 'manager' AND u.role = 'staff')))"""
    params = (scope.user_id, scope.role, scope.person_id, scope.start, scope.end)
    # One pass for three groupings: per day and source and status; per failure code; per unclear phrasing.
    grouped = await conn.fetch(
        f"""{cmd}, facts AS (
                SELECT (created_at AT TIME ZONE 'UTC')::date AS day, source, status,
                       CASE WHEN status IN ('failed', 'needs_clarification')
                            THEN coalesce(error_details->>'code', 'unknown') END AS code,
                       CASE WHEN status = 'needs_clarification' THEN lower(btrim(transcript)) END AS phrase
                FROM cmd)
            SELECT GROUPING(day, source, status, code, phrase) AS g, day, source, status::text AS status, code, phrase,
                   count(*)::int AS count
            FROM facts GROUP BY GROUPING SETS ((day, source, status), (status, code), (phrase))""",
        *params,
    )
    sets: dict[tuple[bool, ...], str] = {(True, True, True, False, False): "day",
                                         (False, False, True, True, False): "code",
                                         (False, False, False, False, True): "phrase"}
    by_set: dict[str, list[asyncpg.Record]] = {"day": [], "code": [], "phrase": []}
    for r in grouped:  # GROUPING(...) has a bit set for each column left out of the row's set
        kept = tuple(not (r["g"] >> (4 - i)) & 1 for i in range(5))
        by_set[sets[kept]].append(r)
    reasons = sorted((r for r in by_set["code"] if r["code"] is not None),
                     key=lambda r: (-r["count"], r["code"], r["status"]))
    phrasings = sorted((r for r in by_set["phrase"] if r["phrase"] is not None and r["count"] >= 2),
                       key=lambda r: (-r["count"], r["phrase"]))[:5]
    actions = await conn.fetch(
        f"""{cmd}
            SELECT a->>'type' AS type, count(*)::int AS count
            FROM cmd CROSS JOIN LATERAL jsonb_array_elements(
                CASE jsonb_typeof(cmd.actions_planned) WHEN 'array' THEN cmd.actions_planned ELSE '[]' END) a
            WHERE a->>'type' IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10""",
        *params,
    )
    # voice_command_stages: the timings as rows, kept by a trigger (migration 0009); the stage names are found by
    # skipping through its (stage, created_at) index, then each stage's period is one range (migration 0010).
    latency = await conn.fetch(
        """WITH RECURSIVE stages AS (
               (SELECT stage FROM voice_command_stages ORDER BY stage LIMIT 1)
               UNION ALL
               SELECT (SELECT s.stage FROM voice_command_stages s WHERE s.stage > stages.stage ORDER BY s.stage LIMIT 1)
               FROM stages WHERE stages.stage IS NOT NULL)
           SELECT stages.stage, x.count, x.p FROM stages CROSS JOIN LATERAL (
               SELECT count(*)::int AS count, percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY s.ms) AS p
               FROM voice_command_stages s JOIN users u ON u.id = s.user_id
               WHERE s.stage = stages.stage AND s.created_at >= $4 AND s.created_at < $5
                 AND ($3::uuid IS NULL OR s.user_id = $3)
                 AND (s.user_id = $1 OR $2::text = 'ceo' OR ($2::text = 'manager' AND u.role = 'staff'))) x
           WHERE stages.stage IS NOT NULL AND x.count > 0
           ORDER BY 1""",
        *params,
    )
    per_day: dict[Any, dict[str, Any]] = {}
    by_source = {s: {"total": 0, "completed": 0, "finished": 0} for s in ("voice", "text")}
    for r in sorted(by_set["day"], key=lambda r: (r["day"], r["source"], r["status"])):
        day = per_day.setdefault(r["day"], {"day": r["day"], "voice": 0, "text": 0, "completed": 0, "failed": 0,
                                            "needs_clarification": 0})
        day[r["source"]] += r["count"]
        src = by_source[r["source"]]
        src["total"] += r["count"]
        if r["status"] in ("completed", "failed", "needs_clarification"):
            day[r["status"]] += r["count"]
            src["finished"] += r["count"]
            src["completed"] += r["count"] if r["status"] == "completed" else 0
    finished = sum(s["finished"] for s in by_source.values())
    completed = sum(s["completed"] for s in by_source.values())
    stages = [{"stage": r["stage"], "count": r["count"], "p50_ms": _round(r["p"][0]), "p95_ms": _round(r["p"][1])}
              for r in latency]
    return {
        "total": sum(s["total"] for s in by_source.values()),
        "by_source": {k: {"total": v["total"], "success_rate": _rate(v["completed"], v["finished"])}
                      for k, v in by_source.items()},
        "success_rate": _rate(completed, finished),
        "per_day": list(per_day.values()),
        "action_types": [dict(r) for r in actions],
        "failure_reasons": [{"code": r["code"], "count": r["count"]} for r in reasons if r["status"] == "failed"],
        "clarification_reasons": [{"code": r["code"], "count": r["count"]} for r in reasons
                                  if r["status"] == "needs_clarification"],
        "latency": stages,
        "unclear_phrasings": [{"transcript": r["phrase"], "count": r["count"]} for r in phrasings],
        "suggestions": _suggestions(stages, reasons, phrasings, by_source),
    }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _suggestions(stages: list[dict[str, Any]], reasons: list[asyncpg.Record], phrasings: list[asyncpg.Record],
                 by_source: dict[str, dict[str, int]]) -> list[dict[str, str]]:
    """What to improve first, each with the numbers that say so."""
    out = []
    for r in phrasings:
        out.append({"kind": "phrasing", "text": f"“{r['phrase']}” needed clarification {r['count']} times: "
                                                f"teach the parser this phrasing or the names it uses"})
    parts = [s for s in stages if s["stage"] not in TOTALS and s["p95_ms"] is not None]
    if parts:
        slowest = max(parts, key=lambda s: (s["p95_ms"], s["stage"]))
        total = next((s for s in stages if s["stage"] == "total_ms"), None)
        of_total = f" of {total['p95_ms']:g} ms in total" if total else ""
        out.append({"kind": "latency", "text": f"{slowest['stage'].removesuffix('_ms')} is the slowest stage "
                                               f"(p95 {slowest['p95_ms']:g} ms{of_total}): optimise it first"})
    failed = [r for r in reasons if r["status"] == "failed"]
    if failed:
        top = failed[0]
        out.append({"kind": "failure", "text": f"{top['count']} commands failed with “{top['code']}”, the most "
                                               f"common failure: make it clearer before running or fix its cause"})
    voice, text = (_rate(by_source[s]["completed"], by_source[s]["finished"]) for s in ("voice", "text"))
    if voice is not None and text is not None and voice < text - 0.1:
        out.append({"kind": "voice", "text": f"spoken commands succeed less often than typed ones "
                                             f"({voice:.0%} vs {text:.0%}): look at what was heard"})
    return out
