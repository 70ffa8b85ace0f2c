"""Undo a command from the audit log: every row it wrote goes back to what it was, in one transaction.

Each audit row of the command says what one row was before and after. Undoing it is the opposite
write: a row the command made is removed (a message is soft-deleted, a notification withdrawn), a row
it removed comes back as it was, a row it changed gets its old values. Each opposite write is itself
audited and announced with the usual event types, under the undoing command's id — so an undo is a
command of its own, and can be undone the same way.

Refused, changing nothing, when a later change (by anyone, any path) touched a row the command wrote
or refers to a row it made, when the command is not the speaker's (a manager may undo staff commands;
the CEO anyone's), when it is older than the limit, or when it was undone already.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from store.access import Actor
from store.domain import guards
from store.domain.refusal import Refused
from store.unit import Unit

# action of the audit row -> (table, key columns, event when a row is made again, event when removed, event when changed)
_TABLES: dict[str, tuple[str, tuple[str, ...], str, str, str]] = {
    "task": ("tasks", ("id",), "task.created", "task.deleted", "task.updated"),
    "assignment": ("task_assignees", ("task_id", "user_id"), "task.assigned", "task.unassigned", ""),
    "channel": ("channels", ("id",), "channel.created", "channel.deleted", "channel.updated"),
    "member": ("channel_members", ("channel_id", "user_id"), "channel.member_added", "channel.member_removed",
               "channel.member_added"),
    "channel_relationship": ("channel_relationships", ("id",), "channel.linked", "channel.unlinked", ""),
    "task_dependency": ("task_dependencies", ("id",), "dependency.added", "dependency.removed", ""),
    "resource": ("shared_resources", ("id",), "resource.created", "resource.deleted", "resource.updated"),
    "resource_link": ("resource_links", ("id",), "resource.shared", "resource.unshared", ""),
    "message": ("messages", ("id",), "message.posted", "message.deleted", "message.updated"),
    "notification": ("notifications", ("id",), "", "", ""),
}
_NAMES = {"task": "task", "assignment": "assignment", "channel": "channel", "member": "membership",
          "channel_relationship": "channel link", "task_dependency": "dependency", "resource": "file",
          "resource_link": "shared file", "message": "message", "notification": "notification"}


def _kind(action: str, entity_type: str) -> str:
    if action in ("task.assigned", "task.unassigned"):
        return "assignment"
    if action in ("channel.member_added", "channel.member_removed"):
        return "member"
    return entity_type


_SCHEMA: dict[str, dict[str, str]] = {}  # table -> column -> type: read once per process


async def _schema(conn: asyncpg.Connection, table: str) -> dict[str, str]:
    if table not in _SCHEMA:
        rows = await conn.fetch("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1",
                                table)
        _SCHEMA[table] = {r["column_name"]: r["data_type"] for r in rows}
    return _SCHEMA[table]


def _refused(code: str, message: str, **details: Any) -> Refused:
    status = 403 if code == "undo_forbidden" else 409
    return Refused(status, code, message, details)


async def check(conn: asyncpg.Connection, actor: Actor, target: Any, *, max_age: timedelta, now: datetime) -> None:
    """Whether `actor` may undo the command row `target` now (raises `Refused` saying why not)."""
    if target["user_id"] != actor.id:
        owner_role = await conn.fetchval("SELECT role::text FROM users WHERE id = $1", target["user_id"])
        if not (actor.role == "ceo" or (actor.role == "manager" and owner_role == "staff")):
            raise _refused("undo_forbidden", "You can only undo your own commands (a manager may undo staff's)")
    if target["status"] != "completed":
        raise _refused("nothing_to_undo", "That command did not change anything, so there is nothing to undo")
    if now - target["created_at"] > max_age:
        raise _refused("undo_too_old", f"That command is older than {_age(max_age)}; it can no longer be undone",
                       limit_s=int(max_age.total_seconds()))
    done = await conn.fetchval(
        "SELECT id FROM voice_commands WHERE intent_analysis->>'undoes' = $1 AND status = 'completed'", str(target["id"]))
    if done is not None:
        raise _refused("already_undone", "That command was already undone", undone_by=str(done))
    if target["user_id"] != actor.id:
        # someone else's command: only if the actor could have made those changes (sees and may write there)
        channels = await conn.fetch(
            """SELECT DISTINCT coalesce(CASE WHEN entity_type = 'channel' THEN entity_id END,
                                        (coalesce(after, before)->>'channel_id')::uuid,
                                        (SELECT t.channel_id FROM tasks t
                                         WHERE t.id = (coalesce(after, before)->>'task_id')::uuid)) AS channel_id
               FROM audit_log WHERE command_id = $1 AND entity_type <> 'notification'""", target["id"])
        for row in channels:
            if row["channel_id"] is None:
                continue
            try:
                await guards.seen_channel(conn, actor, row["channel_id"])
            except Refused:
                raise _refused("undo_forbidden", "That command changed a channel you may not see; only its "
                                                 "speaker or the CEO can undo it") from None


def _age(limit: timedelta) -> str:
    hours = limit.total_seconds() / 3600
    return f"{hours:g} hours" if hours >= 1 else f"{limit.total_seconds() / 60:g} minutes"


async def undo(uow: Unit, actor: Actor, target: Any) -> list[str]:
    """Write the opposite of every change `target` (a command row) made, newest first; what was undone, in words."""
    conn = uow.conn
    rows = await conn.fetch(
        """SELECT id, action, entity_type, entity_id, before, after FROM audit_log
           WHERE command_id = $1 ORDER BY id DESC FOR UPDATE""", target["id"])
    changes = [r for r in rows if _kind(r["action"], r["entity_type"]) in _TABLES]
    if not changes:
        raise _refused("nothing_to_undo", "That command did not change anything, so there is nothing to undo")
    await _refuse_conflicts(conn, target, changes)
    done: list[str] = []
    for row in changes:
        said = await _opposite(uow, row)
        if said:
            done.append(said)
    return list(reversed(done))


async def _refuse_conflicts(conn: asyncpg.Connection, target: Any, changes: list[Any]) -> None:
    """A later change to a row the command wrote, or one that refers to a row it made, keeps it as it is."""
    first = min(r["id"] for r in changes)
    made = [str(r["entity_id"]) for r in changes if r["before"] is None and r["entity_id"] is not None
            and r["action"] not in ("task.assigned", "channel.member_added")]
    touched = sorted({(r["entity_type"], r["entity_id"]) for r in changes if r["entity_type"] != "notification"},
                     key=str)
    later = await conn.fetch(
        """SELECT a.action, a.entity_type, a.entity_id, a.created_at, a.command_id, u.full_name,
                  coalesce(a.after, a.before)->>'title' AS title, coalesce(a.after, a.before)->>'name' AS name
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
           WHERE a.id > $1 AND a.command_id IS DISTINCT FROM $2 AND a.entity_type <> 'notification'
             AND ((a.entity_type, a.entity_id) IN (SELECT * FROM unnest($3::text[], $4::uuid[]))
                  OR EXISTS (SELECT 1 FROM unnest($5::text[]) m(id)
                             WHERE strpos(coalesce(a.before::text, '') || coalesce(a.after::text, ''), m.id) > 0))
           ORDER BY a.id LIMIT 5""",
        first, target["id"], [t for t, _ in touched], [i for _, i in touched], made,
    )
    if later:
        what = [f"{_NAMES.get(r['entity_type'], r['entity_type'])} “{r['title'] or r['name'] or r['entity_id']}” "
                f"({r['action']} by {r['full_name'] or 'someone'})" for r in later]
        raise _refused("undo_conflict", "Later changes touched what that command did, so I left it as it is: "
                       + "; ".join(what[:3]),
                       later=[{"action": r["action"], "entity_type": r["entity_type"],
                               "entity_id": str(r["entity_id"]), "by": r["full_name"],
                               "command_id": str(r["command_id"]) if r["command_id"] else None,
                               "at": r["created_at"].isoformat()} for r in later])


async def _opposite(uow: Unit, row: Any) -> str | None:
    kind = _kind(row["action"], row["entity_type"])
    table, keys, made_again, removed, changed = _TABLES[kind]
    before = _json(row["before"])
    after = _json(row["after"])
    conn = uow.conn
    label = _NAMES[kind]
    if kind == "notification":  # withdrawn, never deleted: the person may have read it already
        note = after or before or {}
        hit = await conn.fetchrow(
            "UPDATE notifications SET voided_at = now() WHERE id = $1 AND voided_at IS NULL RETURNING user_id",
            row["entity_id"])
        if hit is not None:
            await uow.audit("notification.voided", "notification", row["entity_id"], note, None)
            await uow.emit("notification.voided", "notification", row["entity_id"], {"ids": [row["entity_id"]]},
                           user_ids=[hit["user_id"]])
        return None
    if before is None and after is not None:  # made by the command: remove it
        if kind == "message":
            await conn.execute("UPDATE messages SET deleted_at = now(), updated_at = now() WHERE id = $1",
                               row["entity_id"])
            await uow.audit("message.deleted", "message", row["entity_id"], after, {**after, "deleted_at": "undone"})
            await uow.emit("message.deleted", "message", row["entity_id"],
                           {"id": row["entity_id"], "channel_id": after.get("channel_id"), "deleted_at": datetime.now()},
                           channel_id=_uuid(after.get("channel_id")))
            return "removed a message"
        where = " AND ".join([f"{k} = ${i + 1}::{(await _schema(conn, table))[k]}" for i, k in enumerate(keys)])
        audience = None
        if kind == "channel":  # who could see it, read before it goes
            audience = [r["user_id"] for r in await conn.fetch(
                """SELECT user_id FROM channel_members WHERE channel_id = $1
                   UNION SELECT (a.after->>'user_id')::uuid FROM audit_log a
                   WHERE a.command_id = (SELECT command_id FROM audit_log WHERE id = $2)
                     AND a.action = 'channel.member_added' AND a.entity_id = $1""",
                row["entity_id"], row["id"])]  # with those this undo just took out of it
        await conn.execute(f"DELETE FROM {table} WHERE {where}", *[str(after.get(k) or row['entity_id']) for k in keys])
        await _announce(uow, removed, kind, row, after, before=after, after=None, audience=audience)
        return f"removed the {label} “{_title(after)}”"
    if after is None and before is not None:  # removed by the command: make it again, as it was
        columns = sorted(set(before) & set(await _schema(conn, table)))
        names = ", ".join(columns)
        await conn.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM jsonb_populate_record(NULL::{table}, $1::jsonb)",
            before)
        if kind == "channel":  # its creator's membership went with it
            await conn.execute(
                "INSERT INTO channel_members (channel_id, user_id, role, added_by) VALUES ($1, $2, 'owner', $2) "
                "ON CONFLICT DO NOTHING", _uuid(before["id"]), _uuid(before.get("created_by")))
        await _announce(uow, made_again, kind, row, before, before=None, after=before)
        return f"brought back the {label} “{_title(before)}”"
    if before is not None and after is not None and changed:  # changed by the command: old values back
        columns = sorted((set(before) & set(await _schema(conn, table))) - set(keys) - {"created_at"})
        names = ", ".join(columns)
        where = " AND ".join([f"{k} = ${i + 2}::{(await _schema(conn, table))[k]}" for i, k in enumerate(keys)])
        await conn.execute(
            f"UPDATE {table} SET ({names}) = (SELECT {names} FROM jsonb_populate_record(NULL::{table}, $1::jsonb)) "
            f"WHERE {where}", before, *[str(before.get(k)) for k in keys])
        await _announce(uow, changed, kind, row, before, before=after, after=before)
        return f"put back the {label} “{_title(before)}” as it was"
    return None


async def _announce(uow: Unit, event_type: str, kind: str, row: Any, payload: dict[str, Any], *,
                    before: dict[str, Any] | None, after: dict[str, Any] | None,
                    audience: list[UUID] | None = None) -> None:
    """Audit the opposite write and tell whoever may see it (the usual event of that change)."""
    conn = uow.conn
    channel = _uuid(payload.get("channel_id")) if kind != "channel" else _uuid(payload.get("id"))
    if kind == "task_dependency":
        channel = await conn.fetchval("SELECT channel_id FROM tasks WHERE id = $1", _uuid(payload.get("task_id")))
    if kind in ("resource", "resource_link") and channel is None:
        channel = await conn.fetchval("SELECT channel_id FROM tasks WHERE id = $1", _uuid(payload.get("task_id")))
    await uow.audit(event_type, row["entity_type"], row["entity_id"], before, after)
    if kind == "channel" and event_type == "channel.deleted":
        # the channel's row is gone, so its audience is whoever could see it: everyone for a public one
        public = payload.get("privacy") == "public"
        await uow.emit(event_type, "channel", row["entity_id"], payload,
                       user_ids=None if public else (audience or ([uow.actor_id] if uow.actor_id else None)))
        return
    await uow.emit(event_type, row["entity_type"], row["entity_id"], payload, channel_id=channel)


def _json(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    return value if isinstance(value, dict) else json.loads(value)


def _uuid(value: Any) -> Any:
    try:
        return UUID(str(value)) if value is not None else None
    except ValueError:
        return None


def _title(row: dict[str, Any]) -> str:
    return str(row.get("title") or row.get("name") or row.get("content") or "")[:60]
