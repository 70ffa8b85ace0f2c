"""Ninety days of believable history for the demo organisation (`voicedesk seed-demo --history 90`).

Tasks made and finished at each channel's pace by its usual people (some late, some overdue and still
open, some blocked by others), channel conversation with mentions and replies, and the voice and typed
commands that made much of it, with outcomes and timings. Everything is drawn from one seeded
`random.Random`, so the same seed and day give the same history; it is added once (a second run does
nothing). Rows are backdated; none has audit rows, so nothing of it can be undone.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import asyncpg

MARK = "demo_history"  # tasks.metadata key (and voice_commands.intent_analysis key) of seeded history


@dataclass(frozen=True)
class Pace:
    """How one channel works: tasks a working day, who makes and who does them, how soon they are due."""

    channel: str
    per_day: float
    creators: dict[str, float]
    assignees: dict[str, float]
    priorities: dict[str, float]
    due_days: dict[int, float]
    titles: tuple[str, ...]
    topics: tuple[str, ...]


PACES = (
    Pace("Brand Refresh", 0.7, {"Sarah Chen": 0.7, "Alex Rivera": 0.3},
         {"Mike Johnson": 0.7, "Sarah Chen": 0.2, "Lisa Wong": 0.1},
         {"medium": 0.35, "high": 0.55, "urgent": 0.1}, {7: 0.6, 3: 0.2, 14: 0.2},
         ("Write the {t} newsletter", "Design the {t} social posts", "Brief the agency on the {t} campaign",
          "Update the {t} landing page", "Shoot photos for the {t} story", "Proofread the {t} brochure"),
         ("spring", "summer", "partner", "customer", "launch", "webinar", "holiday", "product")),
    Pace("Q4 Close", 0.5, {"Priya Patel": 0.85, "Alex Rivera": 0.15},
         {"David Kim": 0.75, "Priya Patel": 0.25},
         {"high": 0.6, "urgent": 0.25, "medium": 0.15}, {5: 0.6, 2: 0.25, 10: 0.15},
         ("Reconcile the {t} accounts", "Chase the {t} receivables", "Book the {t} accruals",
          "Check the {t} payroll run", "File the {t} expense claims", "Close the {t} ledger"),
         ("October", "November", "December", "Europe", "US", "contractor", "travel", "software")),
    Pace("Leadership", 0.2, {"Alex Rivera": 1.0},
         {"Elena Garcia": 0.5, "Priya Patel": 0.25, "Sarah Chen": 0.25},
         {"medium": 0.5, "high": 0.5}, {14: 0.7, 7: 0.3},
         ("Agree the {t} hiring plan", "Draft the {t} team update", "Decide on the {t} budget",
          "Review the {t} headcount"),
         ("2027", "Q1", "sales", "engineering", "support", "remote")),
    Pace("Infrastructure", 0.6, {"Alex Rivera": 0.4, "Tom Baker": 0.6},
         {"Tom Baker": 0.85, "David Kim": 0.15},
         {"medium": 0.6, "high": 0.3, "low": 0.1}, {10: 0.5, 5: 0.3, 21: 0.2},
         ("Patch the {t} servers", "Rotate the {t} credentials", "Renew the {t} certificates",
          "Move the {t} backups", "Monitor the {t} cluster", "Tune the {t} alerts"),
         ("mail", "build", "VPN", "billing", "wiki", "analytics", "CRM", "file")),
)

# The board meets every four weeks; Alex prepares each meeting in Leadership with much the same subtasks
# (subtask, who does it, days before the meeting it is due), so a new preparation is offered them.
BOARD_EVERY = 28
BOARD_PREP_DAYS = 10  # the preparation is made this many days before the meeting
BOARD_SUBTASKS = (
    (("Draft the board deck", "Sarah Chen", 2), ("Collect the department updates", "Elena Garcia", 5),
     ("Prepare the financial summary", "Priya Patel", 3), ("Invite the new auditors", "Elena Garcia", 4)),
    (("Draft the board deck", "Sarah Chen", 2), ("Collect department updates", "Elena Garcia", 5),
     ("Prepare the financial summary", "Priya Patel", 3), ("Send the agenda to the board", "Elena Garcia", 1)),
    (("Draft the board deck", "Sarah Chen", 2), ("Collect the department updates", "Elena Garcia", 5),
     ("Send the agenda to the board", "Elena Garcia", 1)),
)

CHATTER = (
    "Morning all, quick update: {task} is moving.", "Where are we on {task}?", "I pushed {task} to review.",
    "Can we talk about {task} tomorrow?", "Heads up: {task} slipped a day.", "Thanks, {task} looks good.",
    "Blocked on {task} until I hear back.", "Done with my part of {task}.",
)
ASKS = ("@{name} can you take a look at {task}?", "@{name} do you have the numbers for {task}?",
        "@{name} are you free to help with {task} this week?")
REPLIES = ("On it.", "Yes, by end of day.", "Sent it over.", "Give me until tomorrow.", "Done, have a look.")
# What went wrong with commands that did nothing (status, error code, message, transcript).
MISSES = (
    ("needs_clarification", "needs_clarification", "Which report do you mean?", "Send the report to Dave"),
    ("needs_clarification", "needs_clarification", "Who is Sara Chan?", "Assign the brief to Sara Chan"),
    ("needs_clarification", "low_confidence", "I'm not sure I understood all of that. Nothing was done.",
     "And do the thing for next week"),
    ("failed", "not_understood", "I did not find anything to do in that command", "Hmm, let me think"),
    ("failed", "unknown_channel", "No channel called 'Marketing Ops'", "Add a task in Marketing Ops to plan"),
)


def _pick(rng: random.Random, weights: dict[Any, float]) -> Any:
    return rng.choices(list(weights), list(weights.values()))[0]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _at(day: date, rng: random.Random, first: int = 8, last: int = 18) -> datetime:
    """A working-hours moment of `day` (UTC), to the second."""
    return datetime.combine(day, time(0), UTC) + timedelta(seconds=rng.randrange(first * 3600, last * 3600))


@dataclass
class History:
    tasks: list[tuple[Any, ...]] = field(default_factory=list)
    assignees: list[tuple[Any, ...]] = field(default_factory=list)
    dependencies: list[tuple[Any, ...]] = field(default_factory=list)
    messages: list[tuple[Any, ...]] = field(default_factory=list)
    commands: list[tuple[Any, ...]] = field(default_factory=list)
    parents: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # subtask id → its task's id


def plan_history(people: dict[str, uuid.UUID], channels: dict[str, tuple[uuid.UUID, list[str]]], *,
                 days: int, seed: int, today: date) -> History:
    """The rows to add (no database needed): deterministic in (`people`, `channels`, `days`, `seed`, `today`)."""
    rng = random.Random(seed)
    now = datetime.combine(today, time(9), UTC)
    out = History()
    first = {name: name.split()[0] for name in people}
    for day_back in range(days, 0, -1):
        day = today - timedelta(days=day_back)
        workday = day.weekday() < 5
        for pace in PACES:
            channel_id, members = channels[pace.channel]
            made_today = []
            for _ in range(_count(rng, pace.per_day if workday else pace.per_day * 0.1)):
                made_today.append(_task(rng, pace, channel_id, people, day, now, out))
            for _ in range(_count(rng, 2.2 if workday else 0.3)):
                _message(rng, channel_id, members, people, first, day, now, out,
                         [t[2] for t in out.tasks if t[0] == channel_id][-6:])
            for task in made_today:
                _command_for(rng, pace, task, people, out)
        for _ in range(_count(rng, 0.35 if workday and day_back > 2 else 0.0)):
            _miss(rng, people, day, out)  # none lately: a fresh session does not start after a failure
    _finish_blocked(out, now)
    # a stream of its own, so the rest of the history is the same with or without the board meetings
    _board_preparations(random.Random(f"board-{seed}"), people, channels["Leadership"][0], days, today, now, out)
    return out


def _count(rng: random.Random, mean: float) -> int:
    """A Poisson-distributed count with this mean (Knuth's method; means here are small)."""
    limit, n, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return n
        n += 1


def _task(rng: random.Random, pace: Pace, channel_id: uuid.UUID, people: dict[str, uuid.UUID], day: date,
          now: datetime, out: History) -> tuple[Any, ...]:
    tid = _uuid(rng)
    created = _at(day, rng)
    creator = _pick(rng, pace.creators)
    week = created.isocalendar().week
    title = f"{rng.choice(pace.titles).format(t=rng.choice(pace.topics))} (week {week})"
    due_days = _pick(rng, pace.due_days)
    due = datetime.combine(created.date() + timedelta(days=due_days), time(17), UTC)
    # Most work takes about as long as it was given; one task in five runs late, a few stall.
    factor = rng.lognormvariate(-0.35, 0.4) * (4.0 if rng.random() < 0.05 else 1.0)
    finished = created + timedelta(hours=max(2.0, (due - created).total_seconds() / 3600 * factor))
    cancelled = rng.random() < 0.03
    if cancelled:
        status, completed = "cancelled", None
    elif finished <= now:
        status, completed = "completed", finished
    else:
        status, completed = _pick(rng, {"todo": 0.4, "in_progress": 0.45, "review": 0.15}), None
    hours = rng.choice((None, 1, 2, 3, 4, 6, 8, 12, 16))
    row = (channel_id, tid, title, status, _pick(rng, pace.priorities), due, hours, people[creator], completed,
           created, max(created, completed or created))
    out.tasks.append(row)
    out.assignees.append((tid, people[_pick(rng, pace.assignees)], people[creator], created))
    earlier = [t for t in out.tasks[:-1] if t[0] == channel_id and (created - t[9]).days <= 10]
    if earlier and rng.random() < 0.18:
        blocker = rng.choice(earlier)
        out.dependencies.append((_uuid(rng), tid, blocker[1], people[creator], created))
    return row


def _board_preparations(rng: random.Random, people: dict[str, uuid.UUID], channel_id: uuid.UUID, days: int,
                        today: date, now: datetime, out: History) -> None:
    """The last board meetings' preparations that fall in the history, oldest first, each with its subtasks."""
    backs = [back for back in range(BOARD_PREP_DAYS + 8, days, BOARD_EVERY)][::-1]
    alex = people["Alex Rivera"]
    for back, subtasks in zip(backs, BOARD_SUBTASKS[-len(backs):] if backs else (), strict=True):
        made = _at(today - timedelta(days=back), rng, 9, 11)
        meeting = datetime.combine(made.date() + timedelta(days=BOARD_PREP_DAYS), time(10), UTC)
        parent = _uuid(rng)
        done = min(now, meeting - timedelta(hours=rng.randrange(1, 4)))
        out.tasks.append((channel_id, parent, f"Prepare the {meeting:%B} board meeting", "completed", "high",
                          meeting, None, alex, done, made, done))
        out.assignees.append((parent, alex, alex, made))
        for i, (title, who, before) in enumerate(subtasks):
            sub, created = _uuid(rng), made + timedelta(minutes=5 * (i + 1))
            due = datetime.combine(meeting.date() - timedelta(days=before), time(17), UTC)
            finished = min(now, due - timedelta(hours=rng.randrange(2, 30)))
            out.tasks.append((channel_id, sub, title, "completed", "medium", due, rng.choice((1, 2, 3, 4)), alex,
                              finished, created, finished))
            out.assignees.append((sub, people[who], alex, created))
            out.parents[sub] = parent


def _finish_blocked(out: History, now: datetime) -> None:
    """An open task whose blocker is still open is blocked; one finished before its blocker waits for it."""
    by_id = {t[1]: i for i, t in enumerate(out.tasks)}
    for _, task_id, blocker_id, _, _ in out.dependencies:
        i, b = by_id[task_id], by_id[blocker_id]
        task, blocker = list(out.tasks[i]), out.tasks[b]
        blocker_done = blocker[8]
        if blocker[3] in ("completed", "cancelled") and blocker_done is not None and task[8] is not None:
            task[8] = max(task[8], blocker_done + timedelta(hours=1))
            if task[8] > now:
                task[3], task[8] = "in_progress", None
        elif blocker[3] not in ("completed", "cancelled") and task[3] != "cancelled":
            task[3], task[8] = "blocked", None
        task[10] = max(task[9], task[8] or task[9])
        out.tasks[i] = tuple(task)


def _message(rng: random.Random, channel_id: uuid.UUID, members: list[str], people: dict[str, uuid.UUID],
             first: dict[str, str], day: date, now: datetime, out: History, recent: list[str]) -> None:
    if not recent:
        return
    author = rng.choice(members)
    task = rng.choice(recent).split(" (week")[0].lower()
    at = _at(day, rng)
    others = [m for m in members if m != author]
    if others and rng.random() < 0.3:
        asked = rng.choice(others)
        mid = _uuid(rng)
        out.messages.append((mid, channel_id, people[author], None,
                             rng.choice(ASKS).format(name=first[asked], task=task), [people[asked]], at))
        if rng.random() < 0.8:  # most mentions get an answer, within minutes to a day
            replied = at + timedelta(minutes=rng.lognormvariate(4.0, 1.2))
            if replied < now:
                out.messages.append((_uuid(rng), channel_id, people[asked], mid, rng.choice(REPLIES), [], replied))
        return
    out.messages.append((_uuid(rng), channel_id, people[author], None, rng.choice(CHATTER).format(task=task), [], at))


def _timings(rng: random.Random, voice: bool, executed: bool) -> dict[str, float]:
    t: dict[str, float] = {"context_ms": round(rng.uniform(2, 9), 2), "parse_ms": round(rng.uniform(1, 12), 2)}
    if voice:
        t["asr_ms"] = round(rng.lognormvariate(5.5, 0.3), 2)  # ~250 ms
        t["endpoint_ms"] = round(rng.uniform(250, 450), 2)
    if executed:
        t["execute_ms"] = round(rng.lognormvariate(3.2, 0.4), 2)  # ~25 ms
    t["total_ms"] = round(sum(t.values()), 2)
    return t


def _command_for(rng: random.Random, pace: Pace, task: tuple[Any, ...], people: dict[str, uuid.UUID],
                 out: History) -> None:
    """Most tasks were spoken or typed into being: the command that made them."""
    if rng.random() > 0.65:
        return
    channel_id, tid, title, creator, created = task[0], task[1], task[2], task[7], task[9]
    voice = rng.random() < 0.6
    timings = _timings(rng, voice, True)
    summary = f"Created the task “{title}” in {pace.channel}"
    executed: list[dict[str, Any]] = [{"action_id": "a1", "type": "CREATE_TASK", "status": "done", "summary": summary, "entity_type": "task",
                 "entity_id": str(tid), "data": {}, "error": None, "elapsed_ms": timings["execute_ms"]}]
    out.commands.append((_uuid(rng), creator, "voice" if voice else "text",
                         f"Create a task in {pace.channel} to {title[0].lower()}{title[1:]}",
                         {"source": "parser", "confidence": round(rng.uniform(0.85, 1.0), 2), MARK: True},
                         [{"id": "a1", "type": "CREATE_TASK", "channel": str(channel_id), "title": title}], executed,
                         "completed", int(timings["total_ms"]), timings, None, created - timedelta(seconds=1)))


def _miss(rng: random.Random, people: dict[str, uuid.UUID], day: date, out: History) -> None:
    status, code, message, transcript = rng.choice(MISSES)
    voice = rng.random() < 0.75  # misunderstandings happen more by voice
    timings = _timings(rng, voice, False)
    speaker = rng.choice(["Alex Rivera", "Alex Rivera", "Sarah Chen", "Priya Patel"])
    out.commands.append((_uuid(rng), people[speaker], "voice" if voice else "text", transcript,
                         {"source": "parser", "confidence": round(rng.uniform(0.3, 0.8), 2), MARK: True}, [], [],
                         status, int(timings["total_ms"]), timings, {"code": code, "message": message, "details": {}},
                         _at(day, rng)))


async def seed_history(pool: asyncpg.Pool, *, days: int = 90, seed: int = 7, today: date | None = None) -> dict[str, int]:
    """Add the history to the demo organisation once; returns what it added ({} if it was there already).

    Needs the demo organisation (`store.demo.seed`); raises LookupError without it."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(7201339)")
        if await conn.fetchval("SELECT 1 FROM tasks WHERE metadata ? $1 LIMIT 1", MARK):
            return {}
        people = {r["full_name"]: r["id"] for r in await conn.fetch("SELECT id, full_name FROM users")}
        rows = await conn.fetch(
            """SELECT c.name, c.id, array_agg(u.full_name ORDER BY u.full_name) AS members
               FROM channels c JOIN channel_members m ON m.channel_id = c.id JOIN users u ON u.id = m.user_id
               WHERE c.name = ANY($1::text[]) GROUP BY c.id""",
            [p.channel for p in PACES],
        )
        channels = {r["name"]: (r["id"], list(r["members"])) for r in rows}
        if "Alex Rivera" not in people or len(channels) < len(PACES):
            raise LookupError("the demo organisation is not there: run `voicedesk seed-demo` first")
        plan = plan_history(people, channels, days=days, seed=seed, today=today or datetime.now(UTC).date())
        await conn.executemany(
            """INSERT INTO tasks (channel_id, id, title, status, priority, due_date, estimated_hours, created_by,
                                  completed_at, created_at, updated_at, metadata, parent_task_id)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, jsonb_build_object($12::text, true), $13)""",
            [(*t, MARK, plan.parents.get(t[1])) for t in plan.tasks],
        )
        await conn.executemany(
            "INSERT INTO task_assignees (task_id, user_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)",
            plan.assignees,
        )
        await conn.executemany(
            """INSERT INTO task_dependencies (id, task_id, depends_on_task_id, created_by, created_at)
               VALUES ($1, $2, $3, $4, $5)""",
            plan.dependencies,
        )
        await conn.executemany(
            """INSERT INTO voice_commands (id, user_id, source, transcript, intent_analysis, actions_planned,
                                           actions_executed, status, processing_time_ms, timings, error_details,
                                           created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)""",
            plan.commands,
        )
        await conn.executemany(
            """INSERT INTO messages (id, channel_id, user_id, parent_message_id, content, mentions, created_at,
                                     updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $7)""",
            sorted(plan.messages, key=lambda m: m[6]),
        )
        return {"tasks": len(plan.tasks), "dependencies": len(plan.dependencies), "messages": len(plan.messages),
                "commands": len(plan.commands)}
