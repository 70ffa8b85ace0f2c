"""Commands, typed or spoken: text → context → Plan → one transaction → stored, published.

The same path serves `POST /api/commands` and the voice pipeline's final transcripts.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from executor.plan import ActionRef, Plan
from executor.run import ActionResult, Speaker, error_of, execute
from pipeline.evidence import choose_reading
from pipeline.frames import Hypothesis
from pipeline.intent import parse
from pipeline.intent.answers import Pending, confirmation, fingerprint, is_cancel, is_undo, is_yes
from pipeline.intent.context import (
    CategoryRef,
    ChannelRef,
    CommandContext,
    Conversation,
    Person,
    ResourceRef,
    TaskRef,
)
from pipeline.intent.parser import answer, is_settled
from server.auth import AuthUser
from server.settings import Settings
from store import commands as command_store
from store import directory, memory, predictive_subtasks, queries
from store import undo as undo_store
from store.digest import zone_of
from store.domain import suggestions as suggestions_domain
from store.domain.refusal import Refused
from store.unit import Unit, unit_of_work

log = logging.getLogger(__name__)
Progress = Callable[[dict[str, Any]], Awaitable[None]]


async def build_context(conn: directory.Conn, user: AuthUser, settings: Settings, language: str | None) -> CommandContext:
    """The organisation as `user` may see it, plus their conversation so far."""
    snap = await directory.snapshot(conn, user.id, user.role)
    people = [Person(r["id"], r["full_name"], r["email"], r["role"], tuple(r["nicknames"] or ()), r["department"])
              for r in snap["people"]]
    speaker = next((p for p in people if p.id == user.id), None) or Person(user.id, user.full_name, user.email,
                                                                          user.role)
    seen_tasks = {r["id"] for r in snap["tasks"]}  # a blocker the speaker cannot see is not named to them
    waits_on: dict[UUID, list[UUID]] = {}
    for edge in snap["blockers"]:
        if edge["depends_on_task_id"] in seen_tasks:
            waits_on.setdefault(edge["task_id"], []).append(edge["depends_on_task_id"])
    state = await directory.load_conversation(conn, user.id)
    conversation = Conversation.from_json(state)
    # The last command did nothing: "make that urgent" now is asked about, not guessed (see references.py).
    conversation.last_failed = await command_store.last_status(conn, user.id) in {"failed", "needs_clarification"}
    return CommandContext(
        speaker=speaker,
        now=datetime.now(zone_of(user.timezone, settings.org_timezone)),
        people=people,
        categories=[CategoryRef(r["id"], r["name"]) for r in snap["categories"]],
        channels=[ChannelRef(r["id"], r["name"], r["category_id"], r["status"], r["privacy"], tuple(r["members"] or ()))
                  for r in snap["channels"]],
        tasks=[TaskRef(r["id"], r["title"], r["channel_id"], r["status"], tuple(r["assignees"] or ()),
                       r["parent_task_id"], r["due_date"],
                       tuple(waits_on.get(r["id"], ()))) for r in snap["tasks"]],
        resources=[ResourceRef(r["id"], r["name"], r["resource_type"]) for r in snap["resources"]],
        conversation=conversation,
        language=language or getattr(user, "language", "en") or "en",
    )


def _remember(conversation: Conversation, plan: Plan, results: list[ActionResult]) -> None:
    """Fold what this command made and mentioned into the speaker's conversation."""
    made: dict[str, tuple[str | None, UUID | None]] = {
        r.action_id: (r.entity_type, r.entity_id) for r in results
    }

    def resolve(ref: Any) -> UUID | None:
        if isinstance(ref, ActionRef):
            return made.get(ref.ref, (None, None))[1]
        return ref if isinstance(ref, UUID) else None

    created_tasks = [r.entity_id for r in results if r.type == "CREATE_TASK" and r.entity_id is not None]
    for r in results:
        if r.entity_id is None:
            continue
        if r.entity_type == "channel":
            conversation.touch_channel(r.entity_id)
        elif r.entity_type == "task":
            conversation.touch_task(r.entity_id)
    for ref in reversed(plan.focus_tasks):
        task_id = resolve(ref)
        if task_id is not None:
            conversation.touch_task(task_id)
    focus = resolve(plan.focus_channel)
    if focus is not None:
        conversation.touch_channel(focus)
        conversation.current_channel_id = focus  # "here" and channel-less tasks mean this channel next
    if created_tasks:
        conversation.last_created_task_ids = list(created_tasks)
    conversation.last_kind = plan.focus_kind or conversation.last_kind


class CommandService:
    """Understands and runs commands for signed-in users."""

    def __init__(self, pool: asyncpg.Pool, settings: Settings, publish: Callable[[list[dict[str, Any]]], Awaitable[None]],
                 llm: Any = None) -> None:
        self.pool = pool
        self.settings = settings
        self.publish = publish
        self.llm = llm  # an openai.AsyncOpenAI client, or None

    async def understand(self, user: AuthUser, text: str, language: str | None) -> tuple[Plan, CommandContext, dict[str, float]]:
        """The plan of `text` for `user`. With a question of ours pending, `text` is first read as its answer
        (then `ctx.conversation.answering` holds the question and the words the command was read from)."""
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        async with self.pool.acquire() as conn:
            ctx = await build_context(conn, user, self.settings, language)
        timings["context_ms"] = (time.perf_counter() - t0) * 1000
        t1 = time.perf_counter()
        plan = parse(text, ctx)
        pending = _pending(ctx)
        if pending is not None and pending.details.get("confirm") and is_yes(text):
            again = parse(pending.text, ctx)  # "confirm": the command asked about, read again now
            if is_settled(again) and fingerprint(again) == pending.details["confirm"]:
                plan = again
                ctx.conversation.answering = {"question": pending.question, "command_id": pending.command_id,
                                              "read_as": pending.text, "confirmed": True}
            elif is_settled(again):
                plan = again  # it changes something else now: asked again, with what it would do now
                ctx.conversation.answering = {"question": pending.question, "command_id": pending.command_id,
                                              "read_as": pending.text}
        elif pending is not None and pending.details.get("reason") not in ("suggestion", "confirm") and not is_settled(plan):
            answered = answer(pending, text, ctx)  # "Call them budget review, press kit and venue."
            if answered is not None:
                plan = answered[0]
                ctx.conversation.answering = {"question": pending.question, "command_id": pending.command_id,
                                              "read_as": answered[1]}
        timings["parse_ms"] = (time.perf_counter() - t1) * 1000
        if self.llm is not None:
            from pipeline.intent.llm import choose, plan_with_llm

            if choose(plan, self.settings.llm_mode):
                t2 = time.perf_counter()
                better = await plan_with_llm(text, ctx, self.llm, self.settings.llm_model,
                                              timeout_s=self.settings.llm_timeout_s)
                timings["llm_ms"] = (time.perf_counter() - t2) * 1000
                if better is not None:
                    plan = better
        return plan, ctx, timings

    async def run(
        self, user: AuthUser, text: str, *, language: str | None = None, session_id: str | None = None,
        dry_run: bool = False, idempotency_key: str | None = None, source: str = "text",
        timings: dict[str, Any] | None = None, progress: Progress | None = None,
        min_confidence: float | None = None, hypotheses: Sequence[Hypothesis] = (),
    ) -> dict[str, Any]:
        """Understand and execute `text` for `user`; always returns the command's record.

        With `min_confidence` (spoken commands), a plan the parser is less sure of is not run.
        `hypotheses` (spoken commands): the recogniser's readings of `text`, best (`text`) first, with word
        probabilities; used as `pipeline.evidence` says (another reading when the best is unsure; a slot
        word heard unsurely asks)."""
        started = time.perf_counter()
        # Control characters (NUL above all, which PostgreSQL text cannot hold) carry no meaning.
        text = _CONTROL.sub(" ", text).strip() or "(empty)"
        command_id = uuid.uuid4()
        if idempotency_key:
            # One key, one outcome: the first request claims it; every other (concurrent or later) one
            # waits for that outcome, failure included, and is answered with it.
            if dry_run or not await command_store.claim(self.pool, command_id, user.id, idempotency_key, text,
                                                        source, session_id):
                previous = await command_store.settled(self.pool, user.id, idempotency_key)
                if previous is not None:
                    return {**self.record_json(previous), "replayed": True}
            else:
                try:
                    return await self._run(user, text, command_id, started, language=language,
                                           session_id=session_id, idempotency_key=idempotency_key, source=source,
                                           timings=timings, progress=progress, min_confidence=min_confidence,
                                           hypotheses=hypotheses)
                except BaseException:
                    # Never leave the key claimed by a command that will not finish.
                    await command_store.abandon(self.pool, command_id)
                    raise
        return await self._run(user, text, command_id, started, language=language, session_id=session_id,
                               dry_run=dry_run, idempotency_key=None, source=source, timings=timings,
                               progress=progress, min_confidence=min_confidence, hypotheses=hypotheses)

    async def _run(
        self, user: AuthUser, text: str, command_id: UUID, started: float, *, language: str | None,
        session_id: str | None, idempotency_key: str | None, source: str, timings: dict[str, Any] | None,
        progress: Progress | None, min_confidence: float | None, dry_run: bool = False,
        hypotheses: Sequence[Hypothesis] = (),
    ) -> dict[str, Any]:
        if not dry_run and is_undo(text, spoken=source == "voice"):  # "undo that": the speaker's last command that changed something
            return await self.undo(user, None, text=text, language=language, session_id=session_id, source=source,
                                   started=started, command_id=command_id)
        if not dry_run and (is_yes(text) or is_cancel(text)):
            conversation, pending = await self._pending_of(user)
            said = _Said(command_id, text, source, session_id, started)
            if pending is not None and pending.details.get("reason") == "suggestion" and pending.command_id:
                return await self._answer_suggestion(user, said, conversation, pending)
            if pending is not None and is_cancel(text):
                return await self._drop_pending(user, said, conversation, pending, timings)
        plan, ctx, stage = await self.understand(user, text, language)
        answering = ctx.conversation.answering
        heard: dict[str, Any] = {}
        if hypotheses and hypotheses[0].text.strip() == text and answering is None:
            t_heard = time.perf_counter()
            bar = self.settings.text_min_confidence if min_confidence is None else min_confidence
            plan, text, heard = choose_reading(plan, ctx, hypotheses, bar=bar,
                                               unsure_below=self.settings.voice_unsure_word)
            stage["readings_ms"] = (time.perf_counter() - t_heard) * 1000
        all_timings: dict[str, Any] = {**(timings or {}), **stage}
        if progress is not None:
            await progress({"type": "plan", "command_id": str(command_id), "plan": plan.model_dump(mode="json")})
        base = {"id": command_id, "user_id": user.id, "session_id": session_id, "source": source,
                "transcript": text, "language": plan.language, "idempotency_key": idempotency_key,
                "intent_analysis": {"source": plan.source, "confidence": plan.confidence,
                                    "dates": [d.model_dump(mode="json") for d in plan.dates],
                                    "clarification": plan.clarification.model_dump() if plan.clarification else None,
                                    **({"heard": heard} if heard else {}),
                                    **({"answers": answering} if answering else {})},
                "actions_planned": [a.model_dump(mode="json") for a in plan.actions]}
        if dry_run:
            all_timings["total_ms"] = (time.perf_counter() - started) * 1000
            return {"command_id": None, "status": "dry_run", "transcript": text,
                    "plan": plan.model_dump(mode="json"), "results": [], "error": plan.error.model_dump()
                    if plan.error else None, "timings_ms": _round(all_timings)}
        if (plan.kind == "query" and plan.query is not None and plan.error is None and plan.clarification is None
                and plan.confidence >= (self.settings.text_min_confidence if min_confidence is None else min_confidence)):
            return await self._answer(user, plan, ctx, base, started, all_timings)
        if plan.error is not None or plan.clarification is not None or not plan.actions:
            status = "needs_clarification" if plan.clarification is not None else "failed"
            error = (plan.error.model_dump() if plan.error else
                     {"code": "needs_clarification", "message": plan.clarification.question,
                      "details": {"options": plan.clarification.options}} if plan.clarification else
                     {"code": "not_understood", "message": "I did not find anything to do in that command",
                      "details": {}})
            all_timings["total_ms"] = (time.perf_counter() - started) * 1000
            asked = None
            if plan.clarification is not None:  # the next thing said may be its answer
                read_as = str(answering["read_as"]) if answering else text
                asked = Pending(read_as, plan.clarification.question, plan.clarification.options,
                                plan.clarification.details, ctx.now, str(command_id), plan.language)
            # words that say nothing we understood (a stray "thank you", a murmur) are no new command: a
            # question still waiting stays open for the next words
            kept = asked is None and error.get("code") == "not_understood"
            row = await self._store_unexecuted(base, status, error, all_timings, user=None if kept else user,
                                               ctx=None if kept else ctx, asked=asked)
            return self.record_json(row)
        if min_confidence is None:
            min_confidence = self.settings.text_min_confidence
        if plan.confidence < min_confidence:
            # A command only partly understood is not acted on: a wrong channel committed silently
            # costs more than saying it again.
            again = "please say it again or type it" if source == "voice" else "please rephrase it"
            doubts = [d for d in plan.doubts if d != "ASR corrections"]
            why = f" ({'; '.join(doubts[:3])})" if doubts else ""
            error = {"code": "low_confidence",
                     "message": f"I'm not sure I understood all of \"{text}\"{why}. Nothing was done; {again}.",
                     "details": {"confidence": round(plan.confidence, 2), "min_confidence": min_confidence,
                                 "doubts": doubts}}
            all_timings["total_ms"] = (time.perf_counter() - started) * 1000
            # heard unsurely: the speaker says it again, and a question still waiting stays open for that
            row = await self._store_unexecuted(base, "needs_clarification", error, all_timings)
            return self.record_json(row)

        question = None if (answering or {}).get("confirmed") else confirmation(plan)
        if question is not None:  # archive/cancel, or more than five things changed: said back first
            read_as = str(answering["read_as"]) if answering else text
            asked = Pending(read_as, question, [], {"confirm": fingerprint(plan), "reason": "confirm"}, ctx.now,
                            str(command_id), plan.language)
            error = {"code": "needs_confirmation", "message": question,
                     "details": {"confirm": True, "actions": [a.summary for a in plan.actions]}}
            all_timings["total_ms"] = (time.perf_counter() - started) * 1000
            row = await self._store_unexecuted(base, "needs_clarification", error, all_timings, user=user, ctx=ctx,
                                               asked=asked)
            return self.record_json(row)

        speaker = Speaker(user.id, user.role, user.full_name)
        conversation = ctx.conversation
        t_exec = time.perf_counter()

        async def record(uow: Unit, results: list[ActionResult]) -> None:
            _remember(conversation, plan, results)
            conversation.pending = None  # answered, or replaced by a new command
            all_timings["execute_ms"] = (time.perf_counter() - t_exec) * 1000
            t_suggest = time.perf_counter()  # learned defaults for the tasks it made: offered, not applied
            made = [(r.action_id, r.entity_id) for r in results if r.type == "CREATE_TASK" and r.entity_id]
            suggestions = await memory.suggest(uow.conn, speaker, made)
            suggestions += await memory.suggest_tasks(uow.conn, speaker, [
                (r.action_id, r.entity_id) for r in results if r.type == "CREATE_CHANNEL" and r.entity_id],
                len(suggestions))
            suggestions += await predictive_subtasks.suggest_subtasks(uow.conn, speaker, made, len(suggestions))
            analysis: dict[str, Any] = dict(base["intent_analysis"])  # type: ignore[arg-type]
            if suggestions:
                sure = await uow.conn.fetchval(
                    "SELECT (preferences->>'auto_apply_suggestions')::float8 FROM users WHERE id = $1", user.id)
                if sure is not None:  # the speaker lets us apply defaults this sure without asking
                    await suggestions_domain.apply_sure(uow, speaker, suggestions, sure)
                base["intent_analysis"] = {**analysis, "suggestions": suggestions}
                # the first one still offered is asked ("Assign it to Sarah, as usual?"): "yes" accepts it
                first = next((s for s in suggestions if s["status"] == "offered"), None)
                if first is not None:
                    conversation.pending = Pending(text, suggestion_question(first, plan.language), [],
                                                   {"suggestion": first["n"], "reason": "suggestion"}, ctx.now,
                                                   str(command_id), plan.language).to_json()
            all_timings["suggest_ms"] = (time.perf_counter() - t_suggest) * 1000
            all_timings["total_ms"] = (time.perf_counter() - started) * 1000
            await command_store.insert(uow.conn, {
                **base, "status": "completed", "actions_executed": [r.to_json() for r in results],
                "processing_time_ms": int(all_timings["total_ms"]), "timings": _round(all_timings)})
            await directory.save_conversation(uow.conn, user.id, conversation.to_json())

        execution = await execute(self.pool, plan, speaker, command_id=command_id, progress=progress,
                                  before_commit=record)
        if not execution.ok:
            all_timings["execute_ms"] = (time.perf_counter() - t_exec) * 1000
            all_timings["total_ms"] = (time.perf_counter() - started) * 1000
            row = await self._store_unexecuted(
                {**base, "actions_executed": [r.to_json() for r in execution.results]}, "failed",
                execution.error, all_timings, user=user, ctx=ctx)
            return self.record_json(row)
        await self.publish(execution.events)
        row = await command_store.get(self.pool, command_id)
        return self.record_json(row)

    async def _store_unexecuted(self, base: dict[str, Any], status: str, error: Any, timings: dict[str, Any], *,
                                user: AuthUser | None = None, ctx: CommandContext | None = None,
                                asked: Pending | None = None) -> asyncpg.Record:
        """Store a command that changed nothing; a question it asks becomes the speaker's pending one (any
        older one is replaced: what was said instead was not its answer)."""
        async with self.pool.acquire() as conn, conn.transaction():
            row = await command_store.insert(conn, {**base, "status": status, "error_details": error,
                                                    "processing_time_ms": int(timings.get("total_ms", 0)),
                                                    "timings": _round(timings)})
            if user is not None and ctx is not None and (asked is not None or ctx.conversation.pending is not None):
                ctx.conversation.pending = asked.to_json() if asked is not None else None
                await directory.save_conversation(conn, user.id, ctx.conversation.to_json())
        return row

    async def undo(self, user: AuthUser, target_id: UUID | None, *, text: str = "Undo", language: str | None = None,
                   session_id: str | None = None, source: str = "text", started: float | None = None,
                   command_id: UUID | None = None) -> dict[str, Any]:
        """Undo command `target_id` (None: the speaker's last one that changed something) as a command of its own:
        stored in the history, its writes audited under its id, announced live; refused (changing nothing) as
        `store.undo` says."""
        started = started if started is not None else time.perf_counter()
        command_id = command_id or uuid.uuid4()
        speaker = Speaker(user.id, user.role, user.full_name)
        async with self.pool.acquire() as conn:
            target = (await command_store.get(conn, target_id) if target_id is not None
                      else await command_store.last_undoable(conn, user.id))
        said = _Said(command_id, text, source, session_id, started)
        base = said.base(user, language or "en", {"kind": "undo", **({"undoes": str(target["id"])} if target else {})})
        if target is None:
            error = {"code": "nothing_to_undo", "message": "There is no command of yours to undo", "details": {}}
            row = await self._store_unexecuted(base, "failed", error, said.timings())
            return self.record_json(row)
        try:
            async with unit_of_work(self.pool, user.id, command_id) as uow:
                await undo_store.check(uow.conn, speaker, target,
                                       max_age=timedelta(seconds=self.settings.undo_max_age_s),
                                       now=datetime.now(target["created_at"].tzinfo))
                done = await undo_store.undo(uow, speaker, target)
                summary = f"Undid “{target['transcript'][:80]}”" + (f": {'; '.join(done)}" if done else "")
                await command_store.insert(uow.conn, said.completed(base, "UNDO", summary, "command", str(target["id"]),
                                                                    {"undone": done}))
                events = uow.events
        except Exception as exc:  # refused (nothing changed: the transaction rolled back), or a write failed
            error = ({"code": exc.code, "message": exc.message, "details": exc.details} if isinstance(exc, Refused)
                     else {**error_of(exc), "message": f"The undo failed and changed nothing: {error_of(exc)['message']}"})
            row = await self._store_unexecuted(base, "failed", error, said.timings())
            return self.record_json(row)
        await self.publish(events)
        row = await command_store.get(self.pool, command_id)
        return self.record_json(row)

    async def _answer(self, user: AuthUser, plan: Plan, ctx: CommandContext, base: dict[str, Any], started: float,
                      timings: dict[str, Any]) -> dict[str, Any]:
        """A question: answered from PostgreSQL with exactly the asker's visibility, in a read-only transaction;
        only the history row and the speaker's conversation (what "it" means next) are written."""
        assert plan.query is not None
        t0 = time.perf_counter()
        answer_ = await queries.answer(self.pool, Speaker(user.id, user.role, user.full_name), plan.query, ctx.now,
                                       plan.language)
        timings["query_ms"] = (time.perf_counter() - t0) * 1000
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        conversation = ctx.conversation
        _remember(conversation, plan, [])
        conversation.pending = None
        analysis = {**base["intent_analysis"], "kind": "query", "query": plan.query.model_dump(mode="json"),
                    "answer": answer_}
        async with self.pool.acquire() as conn, conn.transaction():
            row = await command_store.insert(conn, {**base, "intent_analysis": analysis, "status": "completed",
                                                    "processing_time_ms": int(timings["total_ms"]),
                                                    "timings": _round(timings)})
            await directory.save_conversation(conn, user.id, conversation.to_json())
        return self.record_json(row)

    async def _pending_of(self, user: AuthUser) -> tuple[Conversation, Pending | None]:
        """The speaker's conversation and the question still waiting in it (no snapshot of the organisation)."""
        conversation = Conversation.from_json(await directory.load_conversation(self.pool, user.id))
        now = datetime.now(zone_of(user.timezone, self.settings.org_timezone))
        return conversation, _waiting(conversation, now)

    async def _answer_suggestion(self, user: AuthUser, said: _Said, conversation: Conversation,
                                 pending: Pending) -> dict[str, Any]:
        """ "yes" / "no" to the learned default we just asked about ("Assign it to Sarah, as usual?"): accepted
        (applied as an audited change of the command that made the task) or declined (remembered)."""
        assert pending.command_id is not None
        accept = is_yes(said.text)
        target = UUID(pending.command_id)
        base = said.base(user, pending.language, {"kind": "suggestion", "answers": {
            "question": pending.question, "command_id": pending.command_id}})
        try:
            async with unit_of_work(self.pool, user.id, target) as uow:
                answered = await suggestions_domain.answer(uow, Speaker(user.id, user.role, user.full_name), target,
                                                           int(pending.details["suggestion"]), accept=accept)
                conversation.pending = None
                await directory.save_conversation(uow.conn, user.id, conversation.to_json())
                summary = (suggestion_question(answered, pending.language).rstrip("?") if accept
                           else f"Declined: {answered.get('reason') or ''}")
                await command_store.insert(uow.conn, said.completed(
                    base, "ACCEPT_SUGGESTION" if accept else "DECLINE_SUGGESTION", summary, "task",
                    answered.get("subtask_id") or answered.get("task_id"), {"suggestion": answered}))
                events = uow.events
        except Refused as exc:
            error = {"code": exc.code, "message": exc.message, "details": exc.details}
            row = await self._store_unexecuted(base, "failed", error, said.timings())
            return self.record_json(row)
        await self.publish(events)
        row = await command_store.get(self.pool, said.command_id)
        return self.record_json(row)

    async def _drop_pending(self, user: AuthUser, said: _Said, conversation: Conversation, pending: Pending,
                            timings: dict[str, Any] | None) -> dict[str, Any]:
        """ "Never mind" / "olvídalo" with a question pending: drop it (a command that changes nothing)."""
        base = said.base(user, pending.language, {"dropped": pending.to_json()})
        all_timings = {**(timings or {}), **said.timings()}
        async with self.pool.acquire() as conn, conn.transaction():
            row = await command_store.insert(conn, {**base, "status": "completed",
                                                    "processing_time_ms": int(all_timings["total_ms"]),
                                                    "timings": _round(all_timings)})
            conversation.pending = None
            await directory.save_conversation(conn, user.id, conversation.to_json())
        return self.record_json(row)

    @staticmethod
    def record_json(row: Any) -> dict[str, Any]:
        plan = {"actions": row["actions_planned"], **(row["intent_analysis"] or {})}
        return {"command_id": str(row["id"]), "user_id": str(row["user_id"]), "speaker_name": row["speaker_name"],
                "status": row["status"], "transcript": row["transcript"],
                "language": row["language"], "source": row["source"], "session_id": row["session_id"],
                "plan": plan, "results": row["actions_executed"], "error": row["error_details"],
                "timings_ms": row["timings"], "created_at": row["created_at"].isoformat(),
                "reply": reply_of(row["status"], row["language"], row["actions_executed"], row["error_details"],
                                  row["intent_analysis"] or {})}


@dataclass(frozen=True)
class _Said:
    """An utterance answered without a plan (undo, "yes"/"no" to a suggestion, "never mind"): its record's parts."""

    command_id: UUID
    text: str
    source: str
    session_id: str | None
    started: float

    def timings(self) -> dict[str, Any]:
        return {"total_ms": round((time.perf_counter() - self.started) * 1000, 2)}

    def base(self, user: AuthUser, language: str, analysis: dict[str, Any]) -> dict[str, Any]:
        return {"id": self.command_id, "user_id": user.id, "session_id": self.session_id, "source": self.source,
                "transcript": self.text, "language": language, "actions_planned": [],
                "intent_analysis": {"source": "parser", "confidence": 1.0, **analysis}}

    def completed(self, base: dict[str, Any], kind: str, summary: str, entity_type: str, entity_id: Any,
                  data: dict[str, Any]) -> dict[str, Any]:
        """The record of a completed one: one result line saying what it did."""
        timings = self.timings()
        return {**base, "status": "completed", "processing_time_ms": int(timings["total_ms"]), "timings": timings,
                "actions_executed": [{"action_id": kind.lower(), "type": kind, "status": "done", "summary": summary,
                                      "entity_type": entity_type, "entity_id": entity_id, "data": data,
                                      "error": None, "elapsed_ms": timings["total_ms"]}]}


def suggestion_question(suggestion: dict[str, Any], language: str | None) -> str:
    """ "Assign it to Sarah, as usual?" — a learned default said as a question."""
    es = (language or "en").startswith("es")
    label, field = str(suggestion.get("label") or suggestion.get("value")), suggestion.get("field")
    if field == "assignee":
        return f"¿Se la asigno a {label}, como siempre?" if es else f"Assign it to {label}, as usual?"
    if field == "priority":
        return f"¿Prioridad {label}, como siempre?" if es else f"Make it {label} priority, as usual?"
    if field == "task":
        return (f"¿Añado la tarea «{label}», como en otros canales así?" if es
                else f"Add the task “{label}”, as in similar channels?")
    if field == "subtask":
        return (f"¿Añado la subtarea «{label}», como en tareas parecidas?" if es
                else f"Add the subtask “{label}”, as for similar tasks?")
    return f"¿Fecha límite en {label}, como siempre?" if es else f"Make it due in {label}, as usual?"


def reply_of(status: str, language: str | None, results: Any, error: Any, analysis: dict[str, Any]) -> str:
    """One short sentence to say back (the console speaks it; every client gets it with the result)."""
    es = (language or "en").startswith("es")
    if analysis.get("answer") and isinstance(analysis["answer"], dict) and analysis["answer"].get("sentence"):
        return str(analysis["answer"]["sentence"])
    if analysis.get("dropped"):
        return "Vale, olvidado." if es else "OK, never mind."
    if status in ("needs_clarification", "failed") and isinstance(error, dict):
        return str(error.get("message") or ("No lo entendí." if es else "Sorry, I did not understand."))
    done = [r for r in results or [] if isinstance(r, dict) and r.get("status") == "done"]
    if status != "completed" or not done:
        return ""
    head = "Hecho" if es else "Done"
    said = [str(r.get("summary") or "").rstrip(".") for r in done]
    if len(said) <= 2:
        out = f"{head}: {'; '.join(said)}."
    else:
        more = f"y {len(said) - 1} cambios más" if es else f"and {len(said) - 1} more changes"
        out = f"{head}: {said[0]} {more}."
    made = [s for s in analysis.get("suggestions") or [] if isinstance(s, dict)]
    applied = [s for s in made if s.get("status") == "applied"]
    if applied:  # applied without asking (the speaker's preference): said, so it is never a surprise
        out += " " + applied_sentence(applied, language)
    offered = [s for s in made if s.get("status") == "offered"]
    if offered and all(s.get("status") == "applied" for s in made[:made.index(offered[0])]):
        out += " " + suggestion_question(offered[0], language)  # asked; "yes" or "no" answers it
    return out


def applied_sentence(applied: list[dict[str, Any]], language: str | None) -> str:
    """ "As usual: assigned to Sarah; high priority." — the learned defaults applied without asking."""
    es = (language or "en").startswith("es")
    said = []
    for s in applied:
        label, field = str(s.get("label") or s.get("value")), s.get("field")
        if field == "assignee":
            said.append(f"asignada a {label}" if es else f"assigned to {label}")
        elif field == "priority":
            said.append(f"prioridad {label}" if es else f"{label} priority")
        else:
            said.append(f"para dentro de {label}" if es else f"due in {label}")
    return f"{'Como siempre' if es else 'As usual'}: {'; '.join(said)}."


def _pending(ctx: CommandContext) -> Pending | None:
    return _waiting(ctx.conversation, ctx.now)


def _waiting(conversation: Conversation, now: datetime) -> Pending | None:
    """The question still waiting for an answer in `conversation` (asked less than five minutes ago), if any."""
    pending = Pending.from_json(conversation.pending)
    if pending is None or pending.asked_at.tzinfo is None or pending.expired(now):
        return None
    return pending


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _round(timings: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in timings.items()}
