"""Channels: who may create and manage them, who may see them, members, links, and their audit trail."""

from __future__ import annotations

import uuid
from typing import Any

import pytest


def assert_error(body: Any, code: str) -> None:
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    assert body["error"]["code"] == code, body


async def channel_named(session: Any, name: str) -> dict[str, Any]:
    listed = await session.get("/api/channels?limit=200")
    return next(c for c in listed["items"] if c["name"] == name)


async def names_listed(session: Any, query: str = "") -> list[str]:
    return [c["name"] for c in (await session.get(f"/api/channels?limit=200{query}"))["items"]]


async def counts(pool: Any) -> tuple[int, int]:
    return (await pool.fetchval("SELECT count(*) FROM audit_log"), await pool.fetchval("SELECT count(*) FROM events"))


# --- creating -------------------------------------------------------------------------------


@pytest.mark.parametrize("creator", ["sarah", "alex"])
async def test_a_manager_or_the_ceo_creates_a_channel_and_owns_it(as_user, creator):
    person = await as_user(creator)
    marketing = next(c for c in await person.get("/api/categories") if c["name"] == "Marketing")
    created = await person.post("/api/channels", {"name": "Launch", "category_id": marketing["id"],
                                                  "description": "Spring launch", "tags": ["q2"],
                                                  "metadata": {"budget": 1000}}, expect=201)
    assert created["my_role"] == "owner" and created["created_by"] == person.id
    assert (created["privacy"], created["status"], created["member_count"]) == ("public", "active", 1)
    assert created["tags"] == ["q2"] and created["metadata"] == {"budget": 1000}
    assert await person.get(f"/api/channels/{created['id']}") == created
    members = await person.get(f"/api/channels/{created['id']}/members")
    assert [(m["user_id"], m["role"]) for m in members] == [(person.id, "owner")]


async def test_staff_creating_a_channel_is_forbidden(as_user, pool):
    mike = await as_user("mike")
    before = await pool.fetchval("SELECT count(*) FROM channels")
    body = await mike.post("/api/channels", {"name": "My own channel"}, expect=403)
    assert_error(body, "forbidden")
    assert body["error"]["details"] == {"your_role": "staff"}
    assert await pool.fetchval("SELECT count(*) FROM channels") == before


async def test_members_in_the_body_join_and_are_invited(as_user, pool):
    sarah = await as_user("sarah")
    mike = await as_user("mike")
    lisa = await as_user("lisa")
    created = await sarah.post("/api/channels", {
        "name": "Campaign", "members": [{"user_id": mike.id}, {"user_id": lisa.id, "role": "manager"},
                                        {"user_id": sarah.id, "role": "member"}],
    }, expect=201)
    assert created["member_count"] == 3
    members = {m["full_name"]: m["role"] for m in await sarah.get(f"/api/channels/{created['id']}/members")}
    assert members == {"Sarah Chen": "owner", "Mike Johnson": "member", "Lisa Wong": "manager"}

    invites = await pool.fetch(
        """SELECT user_id::text AS user_id, title, created_by::text AS created_by, delivered_at FROM notifications
           WHERE type = 'channel_invite' AND channel_id = $1""", created["id"])
    assert {r["user_id"] for r in invites} == {mike.id, lisa.id}  # the creator is not invited to her own channel
    assert all(r["title"] == "You were added to #Campaign" and r["created_by"] == sarah.id for r in invites)
    assert all(r["delivered_at"] is not None for r in invites)


async def test_an_unknown_member_rejects_the_whole_channel(as_user, pool):
    sarah = await as_user("sarah")
    before = (await counts(pool), await pool.fetchval("SELECT count(*) FROM channels"))
    body = await sarah.post("/api/channels", {"name": "Ghosts", "members": [{"user_id": str(uuid.uuid4())}]},
                            expect=422)
    assert_error(body, "unknown_person")
    assert (await counts(pool), await pool.fetchval("SELECT count(*) FROM channels")) == before


async def test_an_unknown_category_is_a_422(as_user):
    sarah = await as_user("sarah")
    body = await sarah.post("/api/channels", {"name": "Orphan", "category_id": str(uuid.uuid4())}, expect=422)
    assert_error(body, "unknown_reference")


async def test_a_channel_needs_a_name(as_user):
    sarah = await as_user("sarah")
    for body in ({}, {"name": ""}, {"name": "   "}, {"name": "x" * 201}):
        assert_error(await sarah.post("/api/channels", body, expect=422), "invalid_input")


# --- listing --------------------------------------------------------------------------------


async def test_pages_cover_every_visible_channel_without_dupes_or_gaps(as_user):
    alex = await as_user("alex")
    for i in range(5):
        await alex.post("/api/channels", {"name": f"Extra {i}"}, expect=201)
    everything = await names_listed(alex)
    assert len(everything) == 9
    seen: list[str] = []
    cursor = None
    while True:
        page = await alex.get("/api/channels?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert len(page["items"]) <= 2
        seen += [c["name"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and len(set(seen)) == 9
    assert everything[:5] == [f"Extra {i}" for i in reversed(range(5))]  # newest first


async def test_channels_can_be_filtered(as_user):
    alex = await as_user("alex")
    finance = next(c for c in await alex.get("/api/categories") if c["name"] == "Finance")
    assert await names_listed(alex, f"&category_id={finance['id']}") == ["Q4 Close"]
    assert await names_listed(alex, "&q=infra") == ["Infrastructure"]
    infra = await channel_named(alex, "Infrastructure")
    await alex.patch(f"/api/channels/{infra['id']}", {"status": "paused"})
    assert await names_listed(alex, "&status=paused") == ["Infrastructure"]
    tom = await as_user("tom")
    assert await names_listed(tom, "&member=true") == ["Infrastructure"]


async def test_a_bad_filter_is_a_422_and_a_bad_cursor_a_400(as_user):
    alex = await as_user("alex")
    assert_error(await alex.get("/api/channels?status=sleeping", expect=422), "invalid_input")
    assert_error(await alex.get("/api/channels?category_id=finance", expect=422), "invalid_input")
    assert_error(await alex.get("/api/channels?cursor=WzVd", expect=400), "invalid_cursor")
    assert_error(await alex.get("/api/channels?cursor=WzEsIDJd", expect=400), "invalid_cursor")


# --- visibility -----------------------------------------------------------------------------


async def test_a_private_channel_is_invisible_to_staff_outside_it(as_user):
    alex = await as_user("alex")
    mike = await as_user("mike")
    leadership = await channel_named(alex, "Leadership")
    assert "Leadership" not in await names_listed(mike)
    for path in ("", "/members", "/relationships"):
        assert_error(await mike.get(f"/api/channels/{leadership['id']}{path}", expect=404), "not_found")
    assert_error(await mike.patch(f"/api/channels/{leadership['id']}", {"name": "Mine"}, expect=404), "not_found")
    assert_error(await mike.delete(f"/api/channels/{leadership['id']}", expect=404), "not_found")
    assert_error(await mike.post(f"/api/channels/{leadership['id']}/members", {"user_id": mike.id}, expect=404),
                 "not_found")


async def test_a_private_channel_is_invisible_to_a_manager_outside_it(as_user):
    sarah = await as_user("sarah")
    elena = await as_user("elena")
    secret = await sarah.post("/api/channels", {"name": "Secret", "privacy": "private"}, expect=201)
    assert "Secret" not in await names_listed(elena)
    assert_error(await elena.get(f"/api/channels/{secret['id']}", expect=404), "not_found")


async def test_a_private_channel_is_visible_to_its_members_and_the_ceo(as_user):
    sarah = await as_user("sarah")
    david = await as_user("david")
    alex = await as_user("alex")
    secret = await sarah.post("/api/channels", {"name": "Secret", "privacy": "private",
                                                "members": [{"user_id": david.id}]}, expect=201)
    for person, my_role in ((sarah, "owner"), (david, "member"), (alex, None)):
        assert "Secret" in await names_listed(person)
        seen = await person.get(f"/api/channels/{secret['id']}")
        assert seen["my_role"] == my_role
        assert len(await person.get(f"/api/channels/{secret['id']}/members")) == 2


async def test_a_member_who_leaves_a_private_channel_loses_sight_of_it(as_user):
    sarah = await as_user("sarah")
    david = await as_user("david")
    secret = await sarah.post("/api/channels", {"name": "Secret", "privacy": "private",
                                                "members": [{"user_id": david.id}]}, expect=201)
    await david.delete(f"/api/channels/{secret['id']}/members/{david.id}", expect=204)
    assert_error(await david.get(f"/api/channels/{secret['id']}", expect=404), "not_found")


# --- managing -------------------------------------------------------------------------------


async def test_patch_pauses_and_renames_a_channel(as_user):
    sarah = await as_user("sarah")
    brand = await channel_named(sarah, "Brand Refresh")
    paused = await sarah.patch(f"/api/channels/{brand['id']}", {"status": "paused"})
    assert paused["status"] == "paused" and paused["name"] == "Brand Refresh" and paused["my_role"] == "owner"
    renamed = await sarah.patch(f"/api/channels/{brand['id']}", {"name": "Brand 2027", "privacy": "private"})
    assert renamed["name"] == "Brand 2027" and renamed["privacy"] == "private" and renamed["status"] == "paused"


async def test_a_channel_name_cannot_be_patched_to_null(as_user):
    sarah = await as_user("sarah")
    brand = await channel_named(sarah, "Brand Refresh")
    assert_error(await sarah.patch(f"/api/channels/{brand['id']}", {"name": None}, expect=422), "invalid_input")


async def test_delete_archives_and_keeps_the_history(as_user):
    priya = await as_user("priya")
    q4 = await channel_named(priya, "Q4 Close")
    archived = await priya.delete(f"/api/channels/{q4['id']}", expect=200)
    assert archived["status"] == "archived" and archived["archived_at"] is not None
    assert (await priya.get(f"/api/channels/{q4['id']}"))["status"] == "archived"
    assert await names_listed(priya, "&status=archived") == ["Q4 Close"]
    reopened = await priya.patch(f"/api/channels/{q4['id']}", {"status": "active"})
    assert reopened["archived_at"] is None


async def test_staff_cannot_manage_a_public_channel_they_do_not_own(as_user):
    mike = await as_user("mike")
    brand = await channel_named(mike, "Brand Refresh")
    assert brand["my_role"] == "member"
    assert_error(await mike.patch(f"/api/channels/{brand['id']}", {"status": "paused"}, expect=403), "forbidden")
    assert_error(await mike.delete(f"/api/channels/{brand['id']}", expect=403), "forbidden")
    lisa = await as_user("lisa")
    assert_error(await mike.post(f"/api/channels/{brand['id']}/members", {"user_id": lisa.id}, expect=403),
                 "forbidden")


async def test_a_staff_owner_may_manage_their_channel(as_user):
    sarah = await as_user("sarah")
    mike = await as_user("mike")
    handed = await sarah.post("/api/channels", {"name": "Handover", "members": [{"user_id": mike.id,
                                                                                "role": "owner"}]}, expect=201)
    assert (await mike.patch(f"/api/channels/{handed['id']}", {"status": "paused"}))["status"] == "paused"


async def test_a_restricted_channel_is_managed_only_by_the_ceo_its_creator_and_owners(as_user):
    sarah = await as_user("sarah")
    priya = await as_user("priya")
    tom = await as_user("tom")
    alex = await as_user("alex")
    elena = await as_user("elena")
    vault = await sarah.post("/api/channels", {"name": "Vault", "privacy": "restricted", "members": [
        {"user_id": priya.id, "role": "manager"}, {"user_id": tom.id, "role": "owner"}]}, expect=201)
    url = f"/api/channels/{vault['id']}"

    # A manager who is a member with the membership role "manager" still may not manage it.
    assert_error(await priya.patch(url, {"status": "paused"}, expect=403), "forbidden")
    assert_error(await priya.post(f"{url}/members", {"user_id": elena.id}, expect=403), "forbidden")
    # A manager outside it does not even see it.
    assert_error(await elena.patch(url, {"status": "paused"}, expect=404), "not_found")
    # The creator, an owner (even a staff one) and the CEO may.
    assert (await sarah.patch(url, {"status": "paused"}))["status"] == "paused"
    assert (await tom.patch(url, {"status": "active"}))["status"] == "active"
    assert (await alex.patch(url, {"description": "CEO was here"}))["description"] == "CEO was here"


async def test_adding_and_removing_members(as_user, pool):
    sarah = await as_user("sarah")
    lisa = await as_user("lisa")
    mike = await as_user("mike")
    brand = await channel_named(sarah, "Brand Refresh")
    url = f"/api/channels/{brand['id']}/members"
    members = await sarah.post(url, {"user_id": lisa.id}, expect=201)
    assert {m["full_name"] for m in members} == {"Sarah Chen", "Mike Johnson", "Lisa Wong"}
    assert await pool.fetchval("SELECT count(*) FROM notifications WHERE user_id = $1 AND type = 'channel_invite'",
                               lisa.id) == 1
    promoted = await sarah.post(url, {"user_id": lisa.id, "role": "manager"}, expect=201)
    assert next(m["role"] for m in promoted if m["full_name"] == "Lisa Wong") == "manager"
    assert await pool.fetchval("SELECT count(*) FROM notifications WHERE user_id = $1 AND type = 'channel_invite'",
                               lisa.id) == 1  # a change of role is not a new invitation

    await sarah.delete(f"{url}/{lisa.id}", expect=204)
    assert {m["full_name"] for m in await sarah.get(url)} == {"Sarah Chen", "Mike Johnson"}
    assert_error(await sarah.delete(f"{url}/{lisa.id}", expect=404), "not_found")
    assert_error(await sarah.post(url, {"user_id": str(uuid.uuid4())}, expect=422), "unknown_person")
    assert_error(await mike.delete(f"{url}/{sarah.id}", expect=403), "forbidden")


# --- relationships --------------------------------------------------------------------------


async def test_relationships_are_created_listed_and_deleted(as_user):
    alex = await as_user("alex")
    brand = await channel_named(alex, "Brand Refresh")
    q4 = await channel_named(alex, "Q4 Close")
    link = await alex.post(f"/api/channels/{brand['id']}/relationships",
                           {"target_channel_id": q4["id"], "relationship_type": "sequential"}, expect=201)
    assert (link["source_channel_id"], link["target_channel_id"]) == (brand["id"], q4["id"])
    assert link["relationship_type"] == "sequential" and link["created_by"] == alex.id
    for side in (brand, q4):  # both ends list it
        assert [r["id"] for r in await alex.get(f"/api/channels/{side['id']}/relationships")] == [link["id"]]
    again = await alex.post(f"/api/channels/{brand['id']}/relationships",
                            {"target_channel_id": q4["id"], "relationship_type": "sequential"}, expect=201)
    assert again["id"] == link["id"]

    await alex.delete(f"/api/channels/{brand['id']}/relationships/{link['id']}", expect=204)
    assert await alex.get(f"/api/channels/{brand['id']}/relationships") == []
    assert_error(await alex.delete(f"/api/channels/{brand['id']}/relationships/{link['id']}", expect=404),
                 "not_found")


async def test_a_channel_cannot_be_linked_to_itself(as_user):
    alex = await as_user("alex")
    brand = await channel_named(alex, "Brand Refresh")
    body = await alex.post(f"/api/channels/{brand['id']}/relationships", {"target_channel_id": brand["id"]},
                           expect=422)
    assert_error(body, "self_relationship")


async def test_linking_to_an_invisible_or_unknown_channel_is_a_404(as_user):
    alex = await as_user("alex")
    sarah = await as_user("sarah")
    secret = await alex.post("/api/channels", {"name": "CEO only", "privacy": "private"}, expect=201)
    brand = await channel_named(sarah, "Brand Refresh")
    for target in (secret["id"], str(uuid.uuid4())):
        body = await sarah.post(f"/api/channels/{brand['id']}/relationships", {"target_channel_id": target},
                                expect=404)
        assert_error(body, "not_found")


async def test_links_to_a_private_channel_are_hidden_from_outsiders(as_user):
    alex = await as_user("alex")
    mike = await as_user("mike")
    brand = await channel_named(alex, "Brand Refresh")
    leadership = await channel_named(alex, "Leadership")
    await alex.post(f"/api/channels/{brand['id']}/relationships", {"target_channel_id": leadership["id"]},
                    expect=201)
    assert len(await alex.get(f"/api/channels/{brand['id']}/relationships")) == 1
    assert await mike.get(f"/api/channels/{brand['id']}/relationships") == []


# --- audit and outbox -----------------------------------------------------------------------


async def test_every_channel_write_leaves_an_audit_row_and_an_event(as_user, pool):
    sarah = await as_user("sarah")
    q4 = await channel_named(sarah, "Q4 Close")
    created = await sarah.post("/api/channels", {"name": "Audited"}, expect=201)
    url = f"/api/channels/{created['id']}"
    writes = [
        ("PATCH", url, {"status": "paused"}, "channel.updated"),
        ("POST", f"{url}/relationships", {"target_channel_id": q4["id"]}, "channel.linked"),
        ("DELETE", f"{url}/members/{sarah.id}", None, "channel.member_removed"),
    ]
    for method, path, body, action in writes:
        audit_before, events_before = await counts(pool)
        resp = await sarah.call(method, path, json=body)
        assert await pool.fetchval("SELECT count(*) FROM audit_log WHERE id > $1", audit_before) >= 1, path
        assert await pool.fetchval("SELECT count(*) FROM audit_log WHERE action = $1", action) >= 1, action
        assert (await counts(pool))[1] > events_before, path
        assert resp is None or "error" not in resp, resp

    archived_audit, archived_events = await counts(pool)
    await (await as_user("alex")).delete(url, expect=200)
    assert await counts(pool) == (archived_audit + 1, archived_events + 1)

    actions = [r["action"] for r in await pool.fetch(
        "SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id", created["id"])]
    assert actions[0] == "channel.created" and "channel.updated" in actions
    assert await pool.fetchval("SELECT count(*) FROM events WHERE channel_id = $1", created["id"]) >= 4
    audit = await pool.fetchrow(
        "SELECT actor_id::text AS actor, before, after FROM audit_log WHERE action = 'channel.updated' "
        "AND entity_id = $1 ORDER BY id LIMIT 1", created["id"])
    assert audit["actor"] == sarah.id
    assert (audit["before"]["status"], audit["after"]["status"]) == ("active", "paused")


async def test_a_failed_write_leaves_no_audit_row_or_event(as_user, pool):
    sarah = await as_user("sarah")
    before = await counts(pool)
    await sarah.post("/api/channels", {"name": "Nope", "members": [{"user_id": str(uuid.uuid4())}]}, expect=422)
    brand = await channel_named(sarah, "Brand Refresh")
    await sarah.patch(f"/api/channels/{brand['id']}", {"category_id": str(uuid.uuid4())}, expect=422)
    assert await counts(pool) == before


async def test_creating_a_channel_writes_its_audit_rows_and_events_together(as_user, pool):
    sarah = await as_user("sarah")
    mike = await as_user("mike")
    audit_before, events_before = await counts(pool)
    created = await sarah.post("/api/channels", {"name": "Pair", "members": [{"user_id": mike.id}]}, expect=201)
    new_audit = [r["action"] for r in await pool.fetch("SELECT action FROM audit_log WHERE id > $1 ORDER BY id",
                                                       audit_before)]
    new_events = [r["type"] for r in await pool.fetch("SELECT type FROM events WHERE id > $1 ORDER BY id",
                                                      events_before)]
    assert new_audit == ["channel.created", "channel.member_added", "notification.created"]
    assert new_events == new_audit
    xmins = await pool.fetch(
        """SELECT DISTINCT xmin::text FROM audit_log WHERE id > $1
           UNION SELECT DISTINCT xmin::text FROM events WHERE id > $2
           UNION SELECT xmin::text FROM channels WHERE id = $3""", audit_before, events_before, created["id"])
    assert len(xmins) == 1  # one transaction wrote the channel, its audit rows and its events
