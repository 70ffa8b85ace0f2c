"""Every rule of the README's "Who may do what", through every path that writes: REST, a typed
command (POST /api/commands) and an LLM-style Plan handed straight to the executor. Each path
must reach the same outcome, and a refusal must write and notify nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest

from executor.plan import Plan
from executor.run import execute
from store.domain import resources as domain_resources
from store.domain.refusal import Refused
from store.unit import unit_of_work
from tests.executor.helpers import fingerprint, person

# A refused command keeps only its own history record (and the speaker's conversation).
_COMMAND_OWN = ("voice_commands", "conversation_state")


class Org:
    """Lookups in the demo organisation, and sessions of its people."""

    def __init__(self, pool: Any, as_user: Any) -> None:
        self.pool, self.as_user = pool, as_user

    async def channel(self, name: str) -> str:
        return str(await self.pool.fetchval("SELECT id FROM channels WHERE name = $1", name))

    async def task(self, title: str) -> str:
        return str(await self.pool.fetchval("SELECT id FROM tasks WHERE title = $1", title))

    async def user(self, first: str) -> str:
        return str(await self.pool.fetchval("SELECT id FROM users WHERE email = $1", f"{first}@example.com"))

    async def resource(self, name: str) -> str:
        return str(await self.pool.fetchval("SELECT id FROM shared_resources WHERE name = $1", name))

    async def category(self, name: str) -> str:
        return str(await self.pool.fetchval("SELECT id FROM categories WHERE name = $1", name))


Rest = Callable[[Org], Awaitable[tuple[str, str, dict[str, Any] | None]]]
Actions = Callable[[Org], Awaitable[list[dict[str, Any]]]]


@dataclass
class Rule:
    name: str
    actor: str
    rest: Rest
    command: str
    plan: Actions
    outcome: str  # "allowed", or the refusal's code; "absent:<kind>" is REST 404 / command unknown_<kind>
    status: int = 0  # REST status of a refusal (404 for absent)
    setup: Callable[[Org], Awaitable[None]] | None = None


async def _archive_q4(org: Org) -> None:
    alex = await org.as_user("alex")
    await alex.delete(f"/api/channels/{await org.channel('Q4 Close')}", expect=200)


async def _restrict_infrastructure(org: Org) -> None:
    alex = await org.as_user("alex")
    infra = await org.channel("Infrastructure")
    await alex.patch(f"/api/channels/{infra}", {"privacy": "restricted"})
    await alex.post(f"/api/channels/{infra}/members", {"user_id": await org.user("sarah")}, expect=201)


async def _private_resource(org: Org) -> None:
    alex = await org.as_user("alex")
    made = await alex.post("/api/resources", {"name": "Severance Plan", "resource_type": "link",
                                              "url": "https://example.com/severance"}, expect=201)
    await alex.post(f"/api/resources/{made['id']}/links", {"channel_id": await org.channel("Leadership")},
                    expect=201)


async def _task_in(org: Org, channel: str, title: str, assignees: Sequence[str] = ()) -> tuple[str, str, dict[str, Any]]:
    ids = [await org.user(a) for a in assignees]
    return "POST", "/api/tasks", {"channel_id": await org.channel(channel), "title": title, "assignee_ids": ids}


async def _create_task(org: Org, channel: str, title: str, assignees: Sequence[str] = ()) -> list[dict[str, Any]]:
    ids = [await org.user(a) for a in assignees]
    return [{"id": "a1", "type": "CREATE_TASK", "channel": await org.channel(channel), "title": title,
             "assignees": ids}]


async def _message(org: Org, channel: str, text: str) -> tuple[str, str, dict[str, Any]]:
    return "POST", f"/api/channels/{await org.channel(channel)}/messages", {"content": text}


async def _send(org: Org, channel: str, text: str) -> list[dict[str, Any]]:
    return [{"id": "a1", "type": "SEND_MESSAGE", "channel": await org.channel(channel), "content": text}]


async def _share_rest(org: Org, resource: str, **target: str) -> tuple[str, str, dict[str, Any]]:
    body = {k: await (org.channel(v) if k == "channel_id" else org.category(v)) for k, v in target.items()}
    return "POST", f"/api/resources/{await org.resource(resource)}/links", body


async def _share_plan(org: Org, resource: str, **target: str) -> list[dict[str, Any]]:
    action: dict[str, Any] = {"id": "a1", "type": "SHARE_RESOURCE", "resource_id": await org.resource(resource)}
    if "channel_id" in target:
        action["channel"] = await org.channel(target["channel_id"])
    else:
        action["category_id"] = await org.category(target["category_id"])
    return [action]


RULES = [
    # Visibility: a private channel does not exist for a non-member.
    Rule("a non-member cannot add a task to a private channel", "tom",
         lambda o: _task_in(o, "Leadership", "peek"), "add a task called peek to the Leadership channel",
         lambda o: _create_task(o, "Leadership", "peek"), "absent:channel", 404),
    Rule("a non-member cannot post in a private channel", "tom",
         lambda o: _message(o, "Leadership", "hello"), "tell Leadership that hello",
         lambda o: _send(o, "Leadership", "hello"), "absent:channel", 404),
    # Role: channels are created by the CEO and managers.
    Rule("staff cannot create a channel", "mike",
         lambda o: _const("POST", "/api/channels", {"name": "Mine"}), "create a channel called Mine",
         lambda o: _const_actions([{"id": "a1", "type": "CREATE_CHANNEL", "name": "Mine"}]), "forbidden", 403),
    Rule("a manager creates a channel", "sarah",
         lambda o: _const("POST", "/api/channels", {"name": "Mine"}), "create a channel called Mine",
         lambda o: _const_actions([{"id": "a1", "type": "CREATE_CHANNEL", "name": "Mine"}]), "allowed"),
    # Archived channels are history.
    Rule("no new task in an archived channel", "alex",
         lambda o: _task_in(o, "Q4 Close", "late invoice"), "add a task called late invoice to Q4 Close",
         lambda o: _create_task(o, "Q4 Close", "late invoice"), "channel_archived", 409, _archive_q4),
    Rule("no new message in an archived channel", "alex",
         lambda o: _message(o, "Q4 Close", "books are closed"), "tell Q4 Close that the books are closed",
         lambda o: _send(o, "Q4 Close", "books are closed"), "channel_archived", 409, _archive_q4),
    Rule("no new resource link in an archived channel", "alex",
         lambda o: _share_rest(o, "Pitch Deck", channel_id="Q4 Close"),
         "share the pitch deck with the Q4 Close channel",
         lambda o: _share_plan(o, "Pitch Deck", channel_id="Q4 Close"), "channel_archived", 409, _archive_q4),
    # Assignees must be able to see the task's channel.
    Rule("a new task in a private channel cannot go to a non-member", "alex",
         lambda o: _task_in(o, "Leadership", "severance budget", ["tom"]),
         "add a task called severance budget to Leadership and assign it to Tom",
         lambda o: _create_task(o, "Leadership", "severance budget", ["tom"]), "assignee_cannot_see_channel", 422),
    Rule("an existing private task cannot be assigned to a non-member", "alex",
         lambda o: _assign_rest(o, "Plan the 2027 offsite", "tom"), "assign the 2027 offsite to Tom",
         lambda o: _assign_plan(o, "Plan the 2027 offsite", "tom"), "assignee_cannot_see_channel", 422),
    Rule("a private task may be assigned to a member", "alex",
         lambda o: _assign_rest(o, "Plan the 2027 offsite", "sarah"), "assign the 2027 offsite to Sarah",
         lambda o: _assign_plan(o, "Plan the 2027 offsite", "sarah"), "allowed"),
    # Restricted channels are managed only by the CEO, their creator and their owners.
    Rule("a manager who is a plain member cannot manage a restricted channel", "sarah",
         lambda o: _rename_rest(o, "Infrastructure", "Infra Two"), "rename the infrastructure channel to Infra Two",
         lambda o: _rename_plan(o, "Infrastructure", "Infra Two"), "forbidden", 403, _restrict_infrastructure),
    Rule("a manager manages a public channel", "sarah",
         lambda o: _rename_rest(o, "Q4 Close", "Year End"), "rename the Q4 Close channel to Year End",
         lambda o: _rename_plan(o, "Q4 Close", "Year End"), "allowed"),
    # Staff edit tasks they created, are assigned to, or whose channel they belong to.
    Rule("staff cannot change someone else's task in a channel they are not in", "lisa",
         lambda o: _status_rest(o, "Draft the new colour palette"), "mark draft the new colour palette as done",
         lambda o: _status_plan(o, "Draft the new colour palette"), "forbidden", 403),
    Rule("staff change a task they are assigned to", "mike",
         lambda o: _status_rest(o, "Draft the new colour palette"), "mark draft the new colour palette as done",
         lambda o: _status_plan(o, "Draft the new colour palette"), "allowed"),
    Rule("staff write in a public channel", "lisa",
         lambda o: _message(o, "Brand Refresh", "hello all"), "tell Brand Refresh that hello all",
         lambda o: _send(o, "Brand Refresh", "hello all"), "allowed"),
    # Shared resources: visible by where they are shared; a whole category is for uploader and managers.
    Rule("a resource shared only in a private channel cannot be shared on by a non-member", "tom",
         lambda o: _share_rest(o, "Severance Plan", channel_id="Infrastructure"),
         "share the severance plan with the Infrastructure channel",
         lambda o: _share_plan(o, "Severance Plan", channel_id="Infrastructure"), "absent:resource", 404,
         _private_resource),
    Rule("staff cannot share someone else's resource with a whole category", "mike",
         lambda o: _share_rest(o, "Brand Guidelines", category_id="Marketing"),
         "share the brand guidelines with the marketing team",
         lambda o: _share_plan(o, "Brand Guidelines", category_id="Marketing"), "forbidden", 403),
    Rule("staff share a visible resource in a public channel", "mike",
         lambda o: _share_rest(o, "Brand Guidelines", channel_id="Infrastructure"),
         "share the brand guidelines with the Infrastructure channel",
         lambda o: _share_plan(o, "Brand Guidelines", channel_id="Infrastructure"), "allowed"),
]


async def _const(method: str, path: str, body: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    return method, path, body


async def _const_actions(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return actions


async def _assign_rest(org: Org, task: str, who: str) -> tuple[str, str, dict[str, Any]]:
    return "POST", f"/api/tasks/{await org.task(task)}/assignees", {"user_id": await org.user(who)}


async def _assign_plan(org: Org, task: str, who: str) -> list[dict[str, Any]]:
    return [{"id": "a1", "type": "ASSIGN_USER", "task": await org.task(task), "user_id": await org.user(who)}]


async def _rename_rest(org: Org, channel: str, name: str) -> tuple[str, str, dict[str, Any]]:
    return "PATCH", f"/api/channels/{await org.channel(channel)}", {"name": name}


async def _rename_plan(org: Org, channel: str, name: str) -> list[dict[str, Any]]:
    return [{"id": "a1", "type": "UPDATE_CHANNEL", "channel": await org.channel(channel), "name": name}]


async def _status_rest(org: Org, task: str) -> tuple[str, str, dict[str, Any]]:
    return "PATCH", f"/api/tasks/{await org.task(task)}", {"status": "completed"}


async def _status_plan(org: Org, task: str) -> list[dict[str, Any]]:
    return [{"id": "a1", "type": "UPDATE_TASK", "task": await org.task(task), "status": "completed"}]


def _command_code(rule: Rule) -> str:
    return "unknown_" + rule.outcome.split(":")[1] if rule.outcome.startswith("absent:") else rule.outcome


async def _through(path: str, rule: Rule, org: Org) -> tuple[bool, str | None, int | None]:
    """Run the rule's change on one path: (done, refusal code, REST status)."""
    if path == "rest":
        method, url, body = await rule.rest(org)
        session = await org.as_user(rule.actor)
        resp = await session.client.request(method, url, headers=session.headers, json=body)
        out = await resp.json()
        return resp.status < 300, None if resp.status < 300 else out["error"]["code"], resp.status
    if path == "command":
        session = await org.as_user(rule.actor)
        out = await session.post("/api/commands", {"text": rule.command}, expect=200)
        if out["status"] == "completed":
            return True, None, None
        return False, (out["error"] or {}).get("code"), None
    speaker = await person(org.pool, rule.actor.capitalize())
    result = await execute(org.pool, Plan.model_validate({"actions": await rule.plan(org)}), speaker)
    if result.ok:
        return True, None, None
    assert result.error is not None
    return False, result.error["code"], None


@pytest.mark.parametrize("path", ["rest", "command", "plan"])
@pytest.mark.parametrize("rule", RULES, ids=[r.name.replace(" ", "_") for r in RULES])
async def test_every_rule_has_the_same_outcome_on_every_path(rule: Rule, path: str, pool, as_user):
    org = Org(pool, as_user)
    if rule.setup is not None:
        await rule.setup(org)
    before = await fingerprint(pool)
    done, code, status = await _through(path, rule, org)
    if rule.outcome == "allowed":
        assert done, (path, code)
        return
    assert not done, f"{rule.name} was allowed through {path}"
    if path == "rest":
        assert status == rule.status
        assert code == ("not_found" if rule.outcome.startswith("absent:") else rule.outcome)
    else:
        assert code == _command_code(rule)
    after = await fingerprint(pool)
    if path == "command":
        before = {k: v for k, v in before.items() if k not in _COMMAND_OWN}
        after = {k: v for k, v in after.items() if k not in _COMMAND_OWN}
    assert after == before, "a refusal wrote or notified something"


# --- renaming and deleting a resource ---------------------------------------------------------


async def _mikes_note(org: Org) -> None:
    mike = await org.as_user("mike")
    await mike.post("/api/resources", {"name": "Mike's Notes", "url": "https://example.com/notes"}, expect=201)


@dataclass
class ResourceRule:
    name: str
    actor: str
    resource: str
    change: str  # "rename" or "delete"
    outcome: str  # "allowed", "forbidden" or "absent"
    setup: Callable[[Org], Awaitable[None]] | None = None


RESOURCE_RULES = [
    ResourceRule("staff cannot rename a manager's resource", "mike", "Brand Guidelines", "rename", "forbidden"),
    ResourceRule("staff cannot delete a manager's resource", "mike", "Brand Guidelines", "delete", "forbidden"),
    ResourceRule("staff cannot rename a colleague's resource", "lisa", "Mike's Notes", "rename", "forbidden",
                 _mikes_note),
    ResourceRule("the uploader renames their resource", "mike", "Mike's Notes", "rename", "allowed", _mikes_note),
    ResourceRule("the uploader deletes their resource", "mike", "Mike's Notes", "delete", "allowed", _mikes_note),
    ResourceRule("a manager renames someone else's resource", "priya", "Mike's Notes", "rename", "allowed",
                 _mikes_note),
    ResourceRule("a manager deletes someone else's resource", "priya", "Brand Guidelines", "delete", "allowed"),
    ResourceRule("a resource shared only in a private channel does not exist for a non-member", "tom",
                 "Severance Plan", "delete", "absent", _private_resource),
    ResourceRule("a manager renames a resource shared in a private channel she is in", "sarah",
                 "Severance Plan", "rename", "allowed", _private_resource),
]


async def _resource_through(path: str, rule: ResourceRule, org: Org) -> tuple[bool, str | None, int | None]:
    resource_id = await org.resource(rule.resource)
    if path == "rest":
        session = await org.as_user(rule.actor)
        url = f"/api/resources/{resource_id}"
        if rule.change == "rename":
            resp = await session.client.patch(url, headers=session.headers, json={"name": "Renamed"})
        else:
            resp = await session.client.delete(url, headers=session.headers)
        if resp.status < 300:
            return True, None, resp.status
        return False, (await resp.json())["error"]["code"], resp.status
    speaker = await person(org.pool, rule.actor.capitalize())
    try:
        async with unit_of_work(org.pool, speaker.id) as uow:
            if rule.change == "rename":
                await domain_resources.update_resource(uow, speaker, UUID(resource_id), {"name": "Renamed"})
            else:
                await domain_resources.delete_resource(uow, speaker, UUID(resource_id))
    except Refused as refused:
        return False, refused.command_code, refused.status
    return True, None, None


@pytest.mark.parametrize("path", ["rest", "domain"])
@pytest.mark.parametrize("rule", RESOURCE_RULES, ids=[r.name.replace(" ", "_") for r in RESOURCE_RULES])
async def test_renaming_or_deleting_a_resource_is_for_its_uploader_or_a_manager(
        rule: ResourceRule, path: str, pool, as_user):
    """README: "Their uploader or a manager may rename or delete them". No command renames or deletes
    a resource (the plan has SHARE_RESOURCE/UPLOAD_FILE only, which link an existing one), so the rule
    runs through REST and through the domain function a future command would call
    (`store.domain.resources.update_resource` / `delete_resource`); both must agree, and a refusal
    writes nothing."""
    org = Org(pool, as_user)
    if rule.setup is not None:
        await rule.setup(org)
    before = await fingerprint(pool)
    done, code, status = await _resource_through(path, rule, org)
    if rule.outcome == "allowed":
        assert done, (path, code)
        gone = await pool.fetchval("SELECT count(*) FROM shared_resources WHERE name = $1", rule.resource) == 0
        assert gone
        return
    assert not done, f"{rule.name} was allowed through {path}"
    if path == "rest":
        assert (status, code) == ((404, "not_found") if rule.outcome == "absent" else (403, "forbidden"))
    else:
        assert code == ("unknown_resource" if rule.outcome == "absent" else "forbidden")
    assert await fingerprint(pool) == before, "a refusal wrote or notified something"
