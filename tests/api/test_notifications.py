"""Notifications: list (own, newest first), unread count, mark some, one, or all read."""

from __future__ import annotations

from typing import Any


async def assign_three(as_user: Any) -> tuple[Any, Any]:
    alex, mike = await as_user("alex"), await as_user("mike")
    for title in ("One", "Two", "Three"):
        await alex.post("/api/tasks", {"title": title, "assignee_ids": [mike.id]}, expect=201)
    return alex, mike


async def test_list_count_and_mark_read(as_user):
    _, mike = await assign_three(as_user)
    assert (await mike.get("/api/notifications/unread-count")) == {"unread": 3}
    notes = await mike.get("/api/notifications")
    assert [n["title"] for n in notes["items"]] == [f"You were assigned “{t}”" for t in ("Three", "Two", "One")]
    assert all(n["type"] == "assignment" and not n["is_read"] for n in notes["items"])

    one = await mike.post(f"/api/notifications/{notes['items'][0]['id']}/read", expect=200)
    assert one["is_read"] is True and one["read_at"] is not None
    unread = await mike.get("/api/notifications", params={"unread_only": "true"})
    assert len(unread["items"]) == 2

    some = await mike.post("/api/notifications/read", {"ids": [notes["items"][1]["id"]]}, expect=200)
    assert some == {"updated": 1, "unread": 1}
    rest = await mike.post("/api/notifications/read", {}, expect=200)
    assert rest == {"updated": 1, "unread": 0}
    assert (await mike.get("/api/notifications/unread-count")) == {"unread": 0}


async def test_notifications_are_private_and_paged(as_user):
    alex, mike = await assign_three(as_user)
    notes = await mike.get("/api/notifications", params={"limit": 2})
    assert len(notes["items"]) == 2 and notes["next_cursor"]
    rest = await mike.get("/api/notifications", params={"limit": 2, "cursor": notes["next_cursor"]})
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert (await alex.get("/api/notifications"))["items"] == []
    await alex.post(f"/api/notifications/{notes['items'][0]['id']}/read", expect=404)
    assert (await alex.post("/api/notifications/read", {"ids": [notes["items"][0]["id"]]}, expect=200))["updated"] == 0
    assert (await mike.get("/api/notifications/unread-count"))["unread"] == 3
    await mike.post("/api/notifications/read", {"ids": ["nope"]}, expect=422)
