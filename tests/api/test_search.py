"""Full-text search: prefix matching, types, ranking, and visibility of every kind of hit."""

from __future__ import annotations

from typing import Any


async def search(session: Any, q: str, **params: Any) -> list[tuple[str, str]]:
    got = await session.get("/api/search", params={"q": q, **params})
    return [(h["type"], h["title"]) for h in got["items"]]


async def channel_id(session: Any, name: str) -> str:
    channels = await session.get("/api/channels?limit=200")
    return next(c["id"] for c in channels["items"] if c["name"] == name)


async def test_search_finds_every_kind_and_completes_the_last_word(as_user):
    alex = await as_user("alex")
    infra = await channel_id(alex, "Infrastructure")
    await alex.post("/api/tasks", {"channel_id": infra, "title": "Database migration",
                                   "description": "Move to the new cluster"}, expect=201)
    await alex.post(f"/api/channels/{infra}/messages", {"content": "The migration window is Sunday"}, expect=201)
    await alex.post("/api/resources", {"name": "Migration runbook", "url": "https://example.com/run"}, expect=201)
    hits = await search(alex, "migr")
    assert set(hits) == {("task", "Database migration"), ("message", "The migration window is Sunday"),
                         ("resource", "Migration runbook")}
    assert await search(alex, "migration sund") == [("message", "The migration window is Sunday")]
    assert set(await search(alex, "migr", types="task,resource")) == {("task", "Database migration"),
                                                                       ("resource", "Migration runbook")}
    assert await search(alex, "infrastruct", types="channel") == [("channel", "Infrastructure")]
    assert await search(alex, "migr", types="message", limit=1) == [("message", "The migration window is Sunday")]
    assert await search(alex, '"new cluster"') == [("task", "Database migration")]
    assert await search(alex, "migration -window", types=["task", "message"]) == [("task", "Database migration")]
    assert await search(alex, "!!!") == []


async def test_search_shows_only_what_the_caller_may_see(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    leadership = await channel_id(alex, "Leadership")
    await alex.post(f"/api/channels/{leadership}/messages", {"content": "Offsite shortlist: Lisbon"}, expect=201)
    secret = await alex.post("/api/resources", {"name": "Offsite contracts", "url": "https://example.com/c"},
                             expect=201)
    await alex.post(f"/api/resources/{secret['id']}/links", {"channel_id": leadership}, expect=201)
    everything = set(await search(alex, "offsite"))
    assert {("task", "Plan the 2027 offsite"), ("message", "Offsite shortlist: Lisbon"),
            ("resource", "Offsite contracts")} <= everything
    assert await search(tom, "offsite") == []
    assert await search(tom, "leadership") == []
    assert ("channel", "Leadership") in await search(alex, "leadership")
    deleted = await alex.post(f"/api/channels/{leadership}/messages", {"content": "Zanzibar idea"}, expect=201)
    await alex.delete(f"/api/messages/{deleted['id']}", expect=200)
    assert await search(alex, "zanzibar") == []


async def test_search_rejects_bad_queries(as_user):
    alex = await as_user("alex")
    for params in ({"q": ""}, {"q": "   "}, {}, {"q": "x", "limit": 0}, {"q": "x", "types": "tasks"},
                   {"q": "x" * 201}):
        await alex.get("/api/search", params=params, expect=422)
