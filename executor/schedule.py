"""Order a plan's actions into waves: every action runs after the actions it depends on.

Dependencies are the explicit `depends_on` lists plus every `ActionRef` an action's
parameters hold (you cannot add a member to a channel before it exists).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from executor.plan import ActionRef


class PlanInvalid(Exception):
    """The plan itself is malformed (duplicate ids, dangling references, a cycle)."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}


def refs_of(action: BaseModel) -> list[str]:
    """Action ids referenced by `ActionRef` parameters of `action`."""
    out: list[str] = []
    for name in type(action).model_fields:
        value = getattr(action, name)
        values = value if isinstance(value, list) else [value]
        out.extend(v.ref for v in values if isinstance(v, ActionRef))
    return out


def prerequisites(action: Any) -> set[str]:
    return set(action.depends_on) | set(refs_of(action))


def waves(actions: list[Any]) -> list[list[Any]]:
    """Kahn's algorithm by levels; inside a wave higher `exec_priority` first, then plan order."""
    by_id: dict[str, Any] = {}
    for action in actions:
        if action.id in by_id:
            raise PlanInvalid("duplicate_action_id", f"Two actions share the id {action.id!r}", {"id": action.id})
        by_id[action.id] = action
    needs = {a.id: prerequisites(a) for a in actions}
    for action_id, deps in needs.items():
        unknown = sorted(d for d in deps if d not in by_id)
        if unknown:
            raise PlanInvalid("unknown_action_ref", f"Action {action_id!r} refers to missing action(s) {unknown}",
                              {"action_id": action_id, "missing": unknown})
        if action_id in deps:
            raise PlanInvalid("action_cycle", f"Action {action_id!r} depends on itself", {"action_id": action_id})
    order = {a.id: i for i, a in enumerate(actions)}
    done: set[str] = set()
    out: list[list[Any]] = []
    while len(done) < len(actions):
        ready = [by_id[i] for i, deps in needs.items() if i not in done and deps <= done]
        if not ready:
            stuck = sorted(i for i in needs if i not in done)
            raise PlanInvalid("action_cycle", "The plan's actions depend on each other in a circle",
                              {"actions": stuck})
        ready.sort(key=lambda a: (-a.exec_priority, order[a.id]))
        out.append(ready)
        done.update(a.id for a in ready)
    return out
