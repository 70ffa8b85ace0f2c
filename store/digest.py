"""The daily digest (issue 11, proactive alerts): every morning the CEO, and each manager for the channels they
own or manage, is told what needs them — deadlines at risk, overloaded people, stalled blocked chains and
silent channels — as one `digest` notification, each line with its reason.

Everything comes from the analytics (`store.analytics`, `store.analytics_activity`) with the recipient's own
visibility, so a digest never names a task or channel its reader could not open. `deliver_due` is called by
every node's scheduler: the (person, local day) primary key of `digests` makes each digest go out once, by the
node whose INSERT wins, in the same transaction as the notification and its live event.

When: `VOICEDESK_DIGEST_AT` (HH:MM, default 08:00; "off" for nobody) in each person's time zone, or their own
`preferences.digest_at` ("HH:MM" or "off").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg

from store import analytics, analytics_activity, notifications
from store.unit import unit_of_work

DUE_WITHIN_DAYS = 3  # a deadline this close with an open blocker, an overloaded assignee or nobody: at risk
SILENT_DAYS = 7  # an active channel without a message for this long: silent
STALLED_DAYS = 3  # a blocked chain whose first open blocker has not changed for this long: stalled
LIST_LIMIT = 5  # lines per section in the text (the data carries them all)
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_time(value: str | None) -> time | None:
    """ "08:00" → 08:00; "off" / "" / None → None. Raises ValueError for anything else."""
    if value is None or value.strip().lower() in ("", "off"):
        return None
    match = _HHMM.match(value.strip())
    if match is None:
        raise ValueError(f"a digest time is HH:MM (24 h) or off, not {value!r}")
    return time(int(match[1]), int(match[2]))


@dataclass(frozen=True)
class Recipient:
    id: UUID
    role: str
    full_name: str
    zone: ZoneInfo


async def deliver_due(pool: asyncpg.Pool, now: datetime, *, default_at: time | None,
                      fallback_zone: str = "UTC") -> tuple[list[UUID], list[dict[str, Any]]]:
    """Compose and deliver every digest due at `now` that no node has sent yet; returns the notification ids
    this call delivered and the events to publish."""
    due = await _due(pool, now, default_at, fallback_zone)
    sent: list[UUID] = []
    events: list[dict[str, Any]] = []
    for person in due:
        day = now.astimezone(person.zone).date()
        async with unit_of_work(pool, None) as uow:
            claimed = await uow.conn.fetchval(
                "INSERT INTO digests (user_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true",
                person.id, day)
            if not claimed:  # another node has it (it waited on the key until that node committed)
                continue
            digest = await compose(uow.conn, person, now)
            if digest is None:  # a manager who owns no channel: nothing of theirs to tell (the row says so)
                continue
            row = await notifications.create(uow, person.id, "digest", digest["title"], body=digest["body"],
                                             data=digest["data"])
            await uow.conn.execute("UPDATE digests SET notification_id = $3 WHERE user_id = $1 AND day = $2",
                                   person.id, day, row["id"])
        sent.append(row["id"])
        events += uow.events
    return sent, events


async def _due(pool: asyncpg.Pool, now: datetime, default_at: time | None, fallback_zone: str) -> list[Recipient]:
    rows = await pool.fetch(
        """SELECT u.id, u.role::text AS role, u.full_name, u.timezone, u.preferences->>'digest_at' AS digest_at,
                  ARRAY(SELECT d.day FROM digests d WHERE d.user_id = u.id AND d.day >= ($1::timestamptz)::date - 1)
                      AS sent_days
           FROM users u WHERE u.is_active AND u.role IN ('ceo', 'manager')
           ORDER BY u.id""",
        now,
    )
    out = []
    for r in rows:
        zone = zone_of(r["timezone"], fallback_zone)
        local = now.astimezone(zone)
        try:
            at = parse_time(r["digest_at"]) if r["digest_at"] is not None else default_at
        except ValueError:
            at = default_at
        if at is None or local.time() < at or local.date() in r["sent_days"]:
            continue
        out.append(Recipient(r["id"], r["role"], r["full_name"], zone))
    return out


def zone_of(name: str | None, fallback: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or fallback)
    except (ValueError, KeyError, OSError):
        return ZoneInfo(fallback)


async def compose(conn: asyncpg.Connection, person: Recipient, now: datetime) -> dict[str, Any] | None:
    """The digest `person` gets at `now`: `{title, body, data}`; None for a manager who owns or manages no
    channel."""
    mine: set[UUID] | None = None
    members: set[UUID] | None = None
    if person.role != "ceo":
        mine = {r["channel_id"] for r in await conn.fetch(
            """SELECT channel_id FROM channel_members WHERE user_id = $1 AND role IN ('owner', 'manager')
               UNION SELECT id FROM channels WHERE created_by = $1""", person.id)}
        if not mine:
            return None
        members = {r["user_id"] for r in await conn.fetch(
            "SELECT DISTINCT user_id FROM channel_members WHERE channel_id = ANY($1::uuid[])", list(mine))}
    scope = analytics.Scope(person.id, person.role, now - timedelta(days=7), now, now)
    projects = await analytics.projects(conn, scope, DUE_WITHIN_DAYS)
    team = await analytics.team(conn, scope)
    talk = await analytics_activity.communication(conn, scope, SILENT_DAYS)
    channels = [c for c in projects["channels"] if mine is None or c["id"] in mine]
    names = {c["id"]: c["name"] for c in projects["channels"]}

    at_risk = []
    for risk in sorted({r["task_id"]: r for c in channels for r in c["at_risk"]}.values(),
                       key=lambda r: (r["due_date"], r["title"], str(r["task_id"]))):
        at_risk.append({"task_id": str(risk["task_id"]), "title": risk["title"],
                        "channel_id": str(risk["channel_id"]), "channel": names.get(risk["channel_id"], ""),
                        "due_date": risk["due_date"].isoformat(), "reasons": risk["reasons"],
                        "text": f"“{risk['title']}” ({names.get(risk['channel_id'], '')}, due "
                                f"{_day(risk['due_date'], person.zone)}): {'; '.join(risk['reasons'])}"})
    overloaded = [{"person_id": str(p["person_id"]), "full_name": p["full_name"], "reason": p["overloaded_reason"],
                   "text": f"{p['full_name']}: {p['overloaded_reason']}"}
                  for p in team["people"] if p["overloaded"] and (members is None or p["person_id"] in members)]
    stalled = await _stalled(conn, channels, now)
    silent = [{"channel_id": str(s["channel_id"]), "name": s["name"], "silent_days": s["silent_days"],
               "text": f"{s['name']}: no message for {s['silent_days']} days"}
              for s in talk["silent_channels"] if mine is None or s["channel_id"] in mine]
    overdue = sum(c["overdue"] for c in channels)

    counts = [(len(at_risk), "deadline at risk", "deadlines at risk"),
              (len(overloaded), "person overloaded", "people overloaded"),
              (len(stalled), "stalled chain", "stalled chains"),
              (len(silent), "silent channel", "silent channels")]
    said = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    title = f"Daily digest: {', '.join(said)}" if said else "Daily digest: all clear"
    lines = [f"Good morning, {person.full_name.split()[0]}. {overdue} task{'' if overdue == 1 else 's'} overdue"
             f"{' in your channels' if mine is not None else ''}."]
    for heading, items in (("At risk", at_risk), ("Overloaded", overloaded), ("Stalled", stalled),
                           ("Silent", silent)):
        if items:
            lines.append(f"{heading}:")
            lines += [f"- {item['text']}" for item in items[:LIST_LIMIT]]
            if len(items) > LIST_LIMIT:
                lines.append(f"- and {len(items) - LIST_LIMIT} more")
    if not said:
        lines.append("Nothing at risk, nobody overloaded, no stalled chain, no silent channel.")
    data = {"kind": "digest", "day": now.astimezone(person.zone).date().isoformat(),
            "scope": "organisation" if mine is None else "your channels", "overdue": overdue,
            "at_risk": at_risk, "overloaded": overloaded, "stalled": stalled, "silent": silent,
            "thresholds": {"due_within_days": DUE_WITHIN_DAYS, "silent_days": SILENT_DAYS,
                           "stalled_days": STALLED_DAYS}}
    return {"title": title, "body": "\n".join(lines), "data": data}


async def _stalled(conn: asyncpg.Connection, channels: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Per channel, its longest open blocked chain when the first open blocker has not changed for
    `STALLED_DAYS` days (everything after it is waiting on it)."""
    heads = {c["longest_chain"][0]["task_id"] for c in channels if len(c["longest_chain"]) >= 2}
    if not heads:
        return []
    touched = {r["id"]: r["updated_at"] for r in await conn.fetch(
        "SELECT id, updated_at FROM tasks WHERE id = ANY($1::uuid[])", list(heads))}
    out = []
    for c in channels:
        chain = c["longest_chain"]
        if len(chain) < 2 or chain[0]["task_id"] not in touched:
            continue
        idle = (now - touched[chain[0]["task_id"]]).total_seconds() / 86400
        if idle < STALLED_DAYS:
            continue
        waiting = len(chain) - 1
        out.append({"channel_id": str(c["id"]), "channel": c["name"],
                    "chain": [{"task_id": str(t["task_id"]), "title": t["title"]} for t in chain],
                    "idle_days": int(idle),
                    "text": f"{c['name']}: “{chain[-1]['title']}” waits on {waiting} open "
                            f"task{'' if waiting == 1 else 's'}; the first, “{chain[0]['title']}”, has not "
                            f"changed for {int(idle)} days"})
    return out


def _day(when: datetime, zone: ZoneInfo) -> str:
    local = when.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}"
