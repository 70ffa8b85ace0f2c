"""Executive analytics: team workload, project progress and risk, communication, commands. Read-only.

Every route takes a period (`from`, `to`: ISO dates or date-times; a date `to` includes that whole day;
default the last 30 days, at most 400 days) and optional channel, category and person filters. What is
counted is what the caller may see: the CEO and managers the organisation (managers not private channels
they are not in), staff themselves in /team and the channels they may see elsewhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

from aiohttp import web
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema, model_validator

from server.errors import ApiError, not_found
from server.http import Api, Call
from server.keys import POOL, SETTINGS
from store import analytics, analytics_activity, digest
from store.access import visible_channel

api = Api()
DEFAULT_DAYS = 30
MAX_DAYS = 400


class _Bound(BaseModel):
    at: datetime
    whole_day: bool


def _bound(value: Any) -> Any:
    """An ISO date ("2026-11-01") or date-time (a time without a zone is UTC)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        if len(text) == 10:
            return _Bound(at=datetime.combine(date.fromisoformat(text), time(), UTC), whole_day=True)
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("not an ISO date (2026-11-01) or date-time (2026-11-01T09:00:00Z)") from None
    return _Bound(at=at if at.tzinfo else at.replace(tzinfo=UTC), whole_day=False)


Bound = Annotated[_Bound, BeforeValidator(_bound),
                  WithJsonSchema({"type": "string", "description": "ISO date or date-time",
                                  "examples": ["2026-11-01", "2026-11-01T09:00:00Z"]})]


class AnalyticsQuery(BaseModel):
    from_: Bound | None = Field(default=None, alias="from", description="start of the period (inclusive)")
    to: Bound | None = Field(default=None, description="end of the period: a date includes that day")
    channel_id: UUID | None = None
    category_id: UUID | None = None
    person_id: UUID | None = None

    @model_validator(mode="after")
    def _ordered(self) -> AnalyticsQuery:
        start, end = self.period(datetime.now(UTC))
        if start >= end:
            raise ValueError("`from` must be before `to`")
        if end - start > timedelta(days=MAX_DAYS):
            raise ValueError(f"the period may be at most {MAX_DAYS} days")
        return self

    def period(self, now: datetime) -> tuple[datetime, datetime]:
        """[start, end) of the asked period."""
        end = now
        if self.to is not None:
            end = self.to.at + timedelta(days=1) if self.to.whole_day else self.to.at
        start = self.from_.at if self.from_ is not None else end - timedelta(days=DEFAULT_DAYS)
        return start, end


class ProjectsQuery(AnalyticsQuery):
    due_within_days: int = Field(default=3, ge=1, le=90, description="at risk: due within this many days")


class CommunicationQuery(AnalyticsQuery):
    silent_days: int = Field(default=7, ge=1, le=365, description="a channel silent this many days is listed")


class Period(BaseModel):
    start: datetime
    end: datetime = Field(description="exclusive")
    now: datetime


# --- /team ---


class PersonOut(BaseModel):
    person_id: UUID
    full_name: str
    role: str
    open: int
    completed: int = Field(description="completed in the period")
    completion_rate: float | None = Field(description="completed / (completed + open)")
    on_time_rate: float | None = Field(description="of those completed with a due date, the share by that date")
    overdue: int = Field(description="open and past due now")
    cycle_hours_p50: float | None = Field(description="created → completed, hours (completed in the period)")
    cycle_hours_p90: float | None
    estimated_hours_open: float
    workload_ratio: float | None = Field(description="estimated open hours / the team median (None if it is 0)")
    blocked: int = Field(description="open tasks with an open blocking dependency")
    overloaded: bool
    overloaded_reason: str | None
    available: bool
    available_reason: str | None


class TeamOut(BaseModel):
    period: Period
    team_median_estimated_hours: float
    people: list[PersonOut]


# --- /projects ---


class TaskRef(BaseModel):
    task_id: UUID
    title: str


class WeekFlow(BaseModel):
    week: str = Field(description="ISO week, e.g. 2026-W45")
    created: int
    completed: int


class RiskOut(BaseModel):
    task_id: UUID
    title: str
    channel_id: UUID | None
    category_id: UUID | None
    due_date: datetime
    days_left: float
    reasons: list[str]


class ProjectOut(BaseModel):
    kind: Literal["channel", "category"]
    id: UUID
    name: str
    category_id: UUID | None
    done: int
    total: int = Field(description="every task but cancelled ones")
    by_status: dict[str, int]
    overdue: int
    throughput: list[WeekFlow]
    at_risk: list[RiskOut]
    longest_chain: list[TaskRef] = Field(description="the longest chain of open blocking dependencies, first "
                                                     "blocker first ([] when nothing waits)")


class ProjectsOut(BaseModel):
    period: Period
    due_within_days: int
    channels: list[ProjectOut]
    categories: list[ProjectOut]


# --- /communication ---


class ChannelMessages(BaseModel):
    channel_id: UUID
    name: str
    messages: int
    last_message_at: datetime | None


class WeekMessages(BaseModel):
    week: str
    messages: int


class ReplyTime(BaseModel):
    person_id: UUID
    full_name: str
    mentions: int
    replied: int
    median_reply_minutes: float | None


class SilentChannel(BaseModel):
    channel_id: UUID
    name: str
    last_message_at: datetime | None
    silent_days: int


class OpenMention(BaseModel):
    message_id: UUID
    channel_id: UUID
    channel_name: str
    from_id: UUID
    from_name: str
    waiting_on_id: UUID
    waiting_on_name: str
    mentioned_at: datetime
    waiting_hours: float


class CommunicationOut(BaseModel):
    period: Period
    channels: list[ChannelMessages]
    weeks: list[WeekMessages]
    mentions: int
    replied: int
    median_reply_minutes: float | None
    reply_by_person: list[ReplyTime]
    silent_days: int
    silent_channels: list[SilentChannel]
    open_mentions_total: int
    open_mentions: list[OpenMention] = Field(description=f"oldest first, at most "
                                                         f"{analytics_activity.OPEN_MENTIONS_LIMIT}")


# --- /commands ---


class DayCommands(BaseModel):
    day: date
    voice: int
    text: int
    completed: int
    failed: int
    needs_clarification: int


class SourceCommands(BaseModel):
    total: int
    success_rate: float | None


class Counted(BaseModel):
    code: str
    count: int


class ActionCount(BaseModel):
    type: str
    count: int


class StageLatency(BaseModel):
    stage: str
    count: int
    p50_ms: float | None
    p95_ms: float | None


class Phrasing(BaseModel):
    transcript: str
    count: int


class Suggestion(BaseModel):
    kind: Literal["phrasing", "latency", "failure", "voice"]
    text: str


class CommandsOut(BaseModel):
    period: Period
    total: int
    success_rate: float | None = Field(description="completed / (completed + failed + needs_clarification)")
    by_source: dict[str, SourceCommands]
    per_day: list[DayCommands]
    action_types: list[ActionCount]
    failure_reasons: list[Counted]
    clarification_reasons: list[Counted]
    latency: list[StageLatency]
    unclear_phrasings: list[Phrasing]
    suggestions: list[Suggestion]


async def _scope(call: Call[Any, Any]) -> analytics.Scope:
    """The caller's scope; a channel, category or person they cannot see answers 404."""
    q: AnalyticsQuery = call.query
    pool, user = call.app[POOL], call.user
    now = datetime.now(UTC)
    start, end = q.period(now)
    if q.channel_id is not None and await visible_channel(pool, q.channel_id, user.id, user.role) is None:
        raise not_found("Channel", q.channel_id)
    if q.category_id is not None and not await pool.fetchval("SELECT 1 FROM categories WHERE id = $1",
                                                             q.category_id):
        raise not_found("Category", q.category_id)
    if q.person_id is not None and not await pool.fetchval("SELECT 1 FROM users WHERE id = $1", q.person_id):
        raise not_found("Person", q.person_id)
    return analytics.Scope(user.id, user.role, start, end, now, q.channel_id, q.category_id, q.person_id)


def _period(scope: analytics.Scope) -> dict[str, datetime]:
    return {"start": scope.start, "end": scope.end, "now": scope.now}


def _answer(model: BaseModel) -> web.Response:
    """The typed answer as JSON written by pydantic in one step: the same JSON as the generic path (dump to
    Python values, then json.dumps), in a third of the time (1.4 instead of 3.7 ms for /projects)."""
    return web.Response(text=model.model_dump_json(), content_type="application/json")


@api.route("GET", "/api/analytics/team", tags=["analytics"], query=AnalyticsQuery, response=TeamOut, errors=[404],
           summary="Workload per person: open, completed, rates, cycle time, overloaded/available with the reason")
async def team(call: Call[BaseModel, AnalyticsQuery]) -> web.Response:
    scope = await _scope(call)
    return _answer(TeamOut.model_validate({"period": _period(scope), **await analytics.team(call.app[POOL], scope)}))


@api.route("GET", "/api/analytics/projects", tags=["analytics"], query=ProjectsQuery, response=ProjectsOut,
           errors=[404], summary="Per channel and category: progress, weekly throughput, overdue, at-risk tasks "
                                 "with reasons, the longest open dependency chain")
async def projects(call: Call[BaseModel, ProjectsQuery]) -> web.Response:
    scope = await _scope(call)
    out = await analytics.projects(call.app[POOL], scope, call.query.due_within_days)
    return _answer(ProjectsOut.model_validate({"period": _period(scope), **out}))


@api.route("GET", "/api/analytics/communication", tags=["analytics"], query=CommunicationQuery,
           response=CommunicationOut, errors=[404],
           summary="Messages per channel and week, time to reply to a mention, silent channels, open mentions")
async def communication(call: Call[BaseModel, CommunicationQuery]) -> web.Response:
    scope = await _scope(call)
    out = await analytics_activity.communication(call.app[POOL], scope, call.query.silent_days)
    return _answer(CommunicationOut.model_validate({"period": _period(scope), **out}))


@api.route("GET", "/api/analytics/commands", tags=["analytics"], query=AnalyticsQuery, response=CommandsOut,
           errors=[404], summary="Commands per day by source, success rate, action types, failure and "
                                 "clarification reasons, latency per stage, suggestions")
async def commands(call: Call[BaseModel, AnalyticsQuery]) -> web.Response:
    """The caller's own commands; the CEO's: everyone's; a manager's: their own and staff's.
    Commands carry no channel, so the channel and category filters do not narrow them."""
    scope = await _scope(call)
    out = await analytics_activity.commands(call.app[POOL], scope)
    return _answer(CommandsOut.model_validate({"period": _period(scope), **out}))


class DigestOut(BaseModel):
    title: str
    body: str = Field(description="the text, a line per item")
    data: dict[str, Any] = Field(description="every item with its ids and reasons; the thresholds used")


@api.route("GET", "/api/analytics/digest", tags=["analytics"], response=DigestOut, errors=[403, 404],
           summary="Your daily digest as it reads now: deadlines at risk, overloaded people, stalled chains, "
                   "silent channels (CEO: the organisation; managers: the channels they own or manage)")
async def daily_digest(call: Call[BaseModel, BaseModel]) -> DigestOut:
    """The same text the scheduler delivers as a `digest` notification at the digest time."""
    user = call.user
    if user.role not in ("ceo", "manager"):
        raise ApiError(403, "forbidden", "The daily digest is for the CEO and managers")
    zone = digest.zone_of(user.timezone, call.app[SETTINGS].org_timezone)
    async with analytics.snapshot(call.app[POOL]) as conn:
        out = await digest.compose(conn, digest.Recipient(user.id, user.role, user.full_name, zone),
                                   datetime.now(UTC))
    if out is None:
        raise ApiError(404, "no_digest", "You own or manage no channel, so there is no digest for you")
    return DigestOut.model_validate(out)
