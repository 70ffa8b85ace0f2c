"""Commands typed (or replayed) over HTTP, and the history of every command, spoken or typed."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from server.errors import not_found
from server.http import Api, Call, changes
from server.keys import COMMANDS, POOL
from server.pagination import Page, PageQuery, decode_cursor, page
from store import commands as command_store
from store.domain import suggestions

api = Api()
Status = Literal["completed", "failed", "needs_clarification", "dry_run", "pending", "processing"]


class CommandIn(BaseModel):
    text: str = Field(min_length=1, max_length=5000, pattern=r"\S")
    language: Literal["en", "es"] | None = None
    session_id: str | None = Field(default=None, max_length=100)
    dry_run: bool = False
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=200)


class CommandOut(BaseModel):
    command_id: UUID | None
    user_id: UUID | None = None
    speaker_name: str | None = None
    status: Status
    transcript: str
    language: str | None = None
    source: str | None = None
    session_id: str | None = None
    plan: dict[str, Any]
    results: list[dict[str, Any]]
    error: dict[str, Any] | None = None
    timings_ms: dict[str, Any]
    created_at: datetime | None = None
    replayed: bool = False
    reply: str = Field(default="", description="one short sentence to say back: the answer, the question, "
                                                "what was done or why not (in the command's language)")


class CommandQuery(PageQuery):
    status: Literal["completed", "failed", "needs_clarification", "pending", "processing"] | None = None
    source: Literal["text", "voice"] | None = None
    everyone: bool = Field(default=False, description="CEO only: every person's commands")


@api.route("POST", "/api/commands", summary="Run a typed command (all actions in one transaction)",
           tags=["commands"], body=CommandIn, response=CommandOut, errors=[409])
async def run_command(call: Call[CommandIn, BaseModel]) -> CommandOut:
    b = call.body
    out = await call.app[COMMANDS].run(call.user, b.text.strip(), language=b.language, session_id=b.session_id,
                                         dry_run=b.dry_run, idempotency_key=b.idempotency_key)
    return CommandOut.model_validate(out)


@api.route("GET", "/api/commands", summary="Command history (own; the CEO may ask for everyone's)",
           tags=["commands"], query=CommandQuery, response=Page[CommandOut])
async def list_commands(call: Call[BaseModel, CommandQuery]) -> dict[str, Any]:
    q = call.query
    after = decode_cursor(q.cursor, datetime.fromisoformat, UUID)
    user_id = None if (q.everyone and call.user.is_ceo) else call.user.id
    rows = await command_store.list_page(call.app[POOL], user_id=user_id, after=after, limit=q.limit + 1,  # type: ignore[arg-type]
                                         status=q.status, source=q.source)
    service = call.app[COMMANDS]
    return page(rows, q.limit, lambda r: CommandOut.model_validate(service.record_json(r)),
                lambda r: (r["created_at"].isoformat(), r["id"]))


@api.route("GET", "/api/commands/{command_id}", summary="One command: transcript, plan, results, timings",
           tags=["commands"], response=CommandOut, errors=[404])
async def get_command(call: Call[BaseModel, BaseModel]) -> CommandOut:
    row = await command_store.get(call.app[POOL], call.ids["command_id"])
    if row is None or (row["user_id"] != call.user.id and not call.user.is_ceo):
        raise not_found("Command", call.ids["command_id"])
    return CommandOut.model_validate(call.app[COMMANDS].record_json(row))


@api.route("POST", "/api/commands/{command_id}/undo",
           summary="Undo a command: every row it wrote goes back, in one transaction (itself a command in the history)",
           tags=["commands"], response=CommandOut, errors=[404])
async def undo_command(call: Call[BaseModel, BaseModel]) -> CommandOut:
    """Refusals (later changes touched the same rows, too old, already undone, not yours) come back as a
    failed command with the reason in `error`; nothing is changed then."""
    row = await command_store.get(call.app[POOL], call.ids["command_id"])
    if row is None or (row["user_id"] != call.user.id and call.user.role not in ("ceo", "manager")):
        raise not_found("Command", call.ids["command_id"])
    out = await call.app[COMMANDS].undo(call.user, row["id"], text=f"Undo “{row['transcript'][:80]}”")
    return CommandOut.model_validate(out)


class SuggestionOut(BaseModel):
    suggestion: dict[str, Any] = Field(description="the suggestion answered: {n, task_ref, task_id, task_title, "
                                                   "field, value, label, reason, confidence, basis, status}")
    command: CommandOut


async def _answer_suggestion(call: Call[BaseModel, BaseModel], accept: bool) -> SuggestionOut:
    command_id, n = call.ids["command_id"], call.numbers["n"]
    async with changes(call, command_id) as uow:
        answered = await suggestions.answer(uow, call.user, command_id, n, accept=accept)
    row = await command_store.get(call.app[POOL], command_id)
    return SuggestionOut(suggestion=answered, command=CommandOut.model_validate(call.app[COMMANDS].record_json(row)))


@api.route("POST", "/api/commands/{command_id}/suggestions/{n}/accept",
           summary="Accept a learned-default suggestion of your command: applied as an ordinary, audited change",
           tags=["commands"], response=SuggestionOut, errors=[403, 404, 409])
async def accept_suggestion(call: Call[BaseModel, BaseModel]) -> SuggestionOut:
    """The change is audited under the command's id (undoing the command undoes it too); the acceptance is
    remembered and makes the same suggestion more confident later (docs/memory.md)."""
    return await _answer_suggestion(call, True)


@api.route("POST", "/api/commands/{command_id}/suggestions/{n}/decline",
           summary="Decline a learned-default suggestion of your command: nothing changes; it is remembered",
           tags=["commands"], response=SuggestionOut, errors=[404, 409])
async def decline_suggestion(call: Call[BaseModel, BaseModel]) -> SuggestionOut:
    """A declined value is not suggested to you again for tasks of that category for 30 days (docs/memory.md)."""
    return await _answer_suggestion(call, False)
