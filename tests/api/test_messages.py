"""Channel messages: post, thread, mentions, edit by the author, soft delete, visibility."""

from __future__ import annotations

from typing import Any

from store.messages import parse_mentions


async def channel_id(session: Any, name: str) -> str:
    channels = await session.get("/api/channels?limit=200")
    return next(c["id"] for c in channels["items"] if c["name"] == name)


async def mentions_of(session: Any) -> list[dict[str, Any]]:
    notes = await session.get("/api/notifications")
    return [n for n in notes["items"] if n["type"] == "mention"]


async def test_post_list_and_reply(as_user):
    sarah, mike = await as_user("sarah"), await as_user("mike")
    brand = await channel_id(sarah, "Brand Refresh")
    first = await sarah.post(f"/api/channels/{brand}/messages", {"content": "Kick-off at 10"}, expect=201)
    assert first["author_name"] == "Sarah Chen" and first["deleted"] is False and first["reply_count"] == 0
    reply = await mike.post(f"/api/channels/{brand}/messages",
                            {"content": "I'll be there", "parent_message_id": first["id"]}, expect=201)
    listed = await mike.get(f"/api/channels/{brand}/messages")
    assert [m["id"] for m in listed["items"]] == [reply["id"], first["id"]]  # newest first
    assert listed["items"][1]["reply_count"] == 1
    thread = await mike.get(f"/api/channels/{brand}/messages", params={"parent_message_id": first["id"]})
    assert [m["id"] for m in thread["items"]] == [reply["id"]]
    top = await mike.get(f"/api/channels/{brand}/messages", params={"top_level": "true"})
    assert [m["id"] for m in top["items"]] == [first["id"]]

    other = await channel_id(sarah, "Q4 Close")
    err = await sarah.post(f"/api/channels/{other}/messages",
                           {"content": "wrong thread", "parent_message_id": first["id"]}, expect=422)
    assert err["error"]["code"] == "unknown_reference"


async def test_pagination_of_messages(as_user):
    alex = await as_user("alex")
    infra = await channel_id(alex, "Infrastructure")
    ids = [(await alex.post(f"/api/channels/{infra}/messages", {"content": f"m{i}"}, expect=201))["id"]
           for i in range(5)]
    one = await alex.get(f"/api/channels/{infra}/messages", params={"limit": 2})
    two = await alex.get(f"/api/channels/{infra}/messages", params={"limit": 2, "cursor": one["next_cursor"]})
    three = await alex.get(f"/api/channels/{infra}/messages", params={"limit": 2, "cursor": two["next_cursor"]})
    seen = [m["id"] for p in (one, two, three) for m in p["items"]]
    assert seen == list(reversed(ids)) and three["next_cursor"] is None


async def test_mentions_notify_people_who_can_see_the_channel(as_user):
    alex, sarah, tom = await as_user("alex"), await as_user("sarah"), await as_user("tom")
    brand = await channel_id(alex, "Brand Refresh")
    msg = await alex.post(f"/api/channels/{brand}/messages",
                          {"content": "@Sarah Chen and @mike, please sync with @Tom. Mail alex@example.com"},
                          expect=201)
    mike = await as_user("mike")
    assert msg["mentions"] == [sarah.id, mike.id, tom.id]
    for person in (sarah, mike, tom):
        got = await mentions_of(person)
        assert len(got) == 1 and got[0]["message_id"] == msg["id"] and "Alex Rivera" in got[0]["title"]
    assert await mentions_of(alex) == []

    leadership = await channel_id(alex, "Leadership")
    await alex.post(f"/api/channels/{leadership}/messages", {"content": "@Tom @Priya budget"}, expect=201)
    assert len(await mentions_of(tom)) == 1  # Tom cannot see Leadership: not told
    priya = await as_user("priya")
    assert len(await mentions_of(priya)) == 1


def test_mention_parsing_prefers_the_longest_name_and_skips_ambiguity():
    people = [
        {"id": 1, "full_name": "Sarah Chen", "nicknames": ["Sara"]},
        {"id": 2, "full_name": "Sarah Miles", "nicknames": []},
        {"id": 3, "full_name": "Tom Baker", "nicknames": ["Tommy"]},
    ]
    assert parse_mentions("@sarah chen @Sarah @sara @Tommy! @Tomato", people) == [1, 3]
    assert parse_mentions("no mentions here, me@sarah.com", people) == []


async def test_only_the_author_edits_and_deleted_text_is_hidden(as_user):
    sarah, mike = await as_user("sarah"), await as_user("mike")
    brand = await channel_id(sarah, "Brand Refresh")
    msg = await mike.post(f"/api/channels/{brand}/messages", {"content": "Drfat ready"}, expect=201)
    await sarah.patch(f"/api/messages/{msg['id']}", {"content": "hijack"}, expect=403)
    edited = await mike.patch(f"/api/messages/{msg['id']}", {"content": "Draft ready, @Sarah"})
    assert edited["content"] == "Draft ready, @Sarah" and edited["edited_at"] is not None
    assert len(await mentions_of(sarah)) == 1  # newly mentioned by the edit

    gone = await sarah.delete(f"/api/messages/{msg['id']}", expect=200)  # a manager may delete
    assert gone["deleted"] is True and gone["content"] is None
    listed = await mike.get(f"/api/channels/{brand}/messages")
    shown = next(m for m in listed["items"] if m["id"] == msg["id"])
    assert shown["deleted"] is True and shown["content"] is None
    await mike.patch(f"/api/messages/{msg['id']}", {"content": "back"}, expect=404)
    await mike.delete(f"/api/messages/{msg['id']}", expect=404)
    await mike.patch(f"/api/messages/{msg['id']}", {"content": "   "}, expect=422)


async def test_staff_cannot_read_or_post_in_a_private_channel(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    leadership = await channel_id(alex, "Leadership")
    msg = await alex.post(f"/api/channels/{leadership}/messages", {"content": "Offsite budget"}, expect=201)
    await tom.get(f"/api/channels/{leadership}/messages", expect=404)
    await tom.post(f"/api/channels/{leadership}/messages", {"content": "hi"}, expect=404)
    await tom.patch(f"/api/messages/{msg['id']}", {"content": "x"}, expect=404)
    await tom.delete(f"/api/messages/{msg['id']}", expect=404)
    await alex.post(f"/api/channels/{leadership}/messages", {"content": ""}, expect=422)
    await alex.post(f"/api/channels/{leadership}/messages", {"content": "x" * 10_001}, expect=422)
