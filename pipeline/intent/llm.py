"""Optional LLM path: ask an OpenAI-compatible model for the same `Plan`, validated like the parser's.

Nothing global: the caller passes an `openai.AsyncOpenAI` client (its base_url/api_key) and
the model name. Any failure - timeout, HTTP error, invalid JSON, a schema violation, an id
that is not in the organisation - returns None so the caller keeps the parser's plan.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from pydantic import ValidationError

from executor.plan import ActionRef, Plan
from pipeline.intent.context import CommandContext
from pipeline.intent.doubts import lower

if TYPE_CHECKING:
    from openai import AsyncOpenAI

Mode = Literal["off", "fallback", "always"]
FALLBACK_BELOW = 0.6  # parser confidence under which "fallback" mode asks the model

_SYSTEM = """You turn a CEO's spoken or typed command into a JSON plan for a work-management system.
Reply with one JSON object that validates against the given schema (a `Plan`). Rules:
- Actions have ids "a1", "a2", ... in order. A parameter that means something created earlier
  in the same plan is {"ref": "<action id>"}; anything that already exists is its UUID from the
  directory below. Never invent UUIDs, people, channels, tasks or files.
- "A blocks B" is CREATE_DEPENDENCY with task=B, depends_on_task=A, dependency_type "blocks".
  "A no longer blocks B" is REMOVE_DEPENDENCY with task=B, depends_on_task=A ("either_way": true for
  "the dependency between A and B").
- Dates are ISO 8601 with the timezone offset of "now". A due date without a time is 17:00.
  "Friday" is the next Friday after today; "next Friday" is Friday of next week.
- If a person, channel, task or file is not in the directory, return {"actions": [], "error":
  {"code": "unknown_person"|"unknown_channel"|"unknown_task"|"unknown_resource", "message": "..."}}.
- Keep titles and message text as said. Set "source": "llm"."""


def choose(parser_plan: Plan, mode: Mode) -> bool:
    """Whether to ask the LLM: never, always, or when the parser is unsure or stuck."""
    if mode == "off":
        return False
    if mode == "always":
        return True
    return (
        parser_plan.confidence < FALLBACK_BELOW
        or parser_plan.error is not None
        or parser_plan.clarification is not None
    )


def directory(ctx: CommandContext) -> str:
    """A compact listing of the organisation for the prompt: names and ids."""
    lines = [
        f"now: {ctx.now.isoformat()} ({ctx.now:%A})",
        f"speaker: {ctx.speaker.full_name} {ctx.speaker.id}",
        "people: " + "; ".join(f"{p.full_name} {p.id}" for p in ctx.people),
        "categories: " + "; ".join(f"{c.name} {c.id}" for c in ctx.categories),
        "channels: " + "; ".join(f"{c.name} {c.id} [{c.status}]" for c in ctx.channels[:200]),
        "tasks: " + "; ".join(f"{t.title} {t.id}" for t in ctx.tasks[:300]),
        "files: " + "; ".join(f"{r.name} {r.id}" for r in ctx.resources[:200]),
    ]
    conv = ctx.conversation
    if conv.current_channel_id:
        lines.append(f"current channel ('here'): {conv.current_channel_id}")
    if conv.channel_ids:
        lines.append(
            "recent channels ('it', 'this channel'), newest first: "
            + ", ".join(map(str, conv.channel_ids[:5]))
        )
    if conv.task_ids:
        lines.append(
            "recent tasks ('it', 'that task'), newest first: " + ", ".join(map(str, conv.task_ids[:5]))
        )
    if conv.last_created_task_ids:
        lines.append(
            "tasks the last command created ('them'): " + ", ".join(map(str, conv.last_created_task_ids))
        )
    return "\n".join(lines)


async def plan_with_llm(
    text: str, ctx: CommandContext, client: AsyncOpenAI, model: str, timeout_s: float = 8.0
) -> Plan | None:
    """The model's plan for `text`, or None on timeout, error or anything invalid."""
    try:
        async with asyncio.timeout(timeout_s):
            response = await client.chat.completions.create(
                model=model,
                messages=[
                    {"role": "system", "content": _SYSTEM},
                    {"role": "system", "content": "Directory:\n" + directory(ctx)},
                    {"role": "user", "content": text},
                ],
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": "Plan", "schema": Plan.model_json_schema(), "strict": False},
                },
                temperature=0,
                timeout=timeout_s,
            )
        content = response.choices[0].message.content if response.choices else None
        if not content:
            return None
        plan = Plan.model_validate(json.loads(content))
    except (TimeoutError, ValidationError, ValueError, KeyError, IndexError, AttributeError):
        return None
    except Exception:  # openai.APIError and transport errors: fall back to the parser
        return None
    if not _ids_are_known(plan, ctx):
        return None
    return lower(plan.model_copy(update={"source": "llm"}), ctx)


def _ids_are_known(plan: Plan, ctx: CommandContext) -> bool:
    """Reject a plan that names an id not in the snapshot or a ref to a later/missing action."""
    known: set[UUID] = {p.id for p in ctx.people}
    known |= {c.id for c in ctx.categories} | {c.id for c in ctx.channels}
    known |= {t.id for t in ctx.tasks} | {r.id for r in ctx.resources}
    seen: set[str] = set()
    for action in plan.actions:
        for _, value in action:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, UUID) and item not in known:
                    return False
                if isinstance(item, ActionRef) and item.ref not in seen:
                    return False
        seen.add(action.id)
    return True
