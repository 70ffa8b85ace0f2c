"""Shared resources: upload (streamed, size-limited, content-addressed), links, sharing, visibility."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

import aiohttp
import pytest

from server.app import create_app
from server.bus import InProcessBus


@pytest.fixture
async def app(settings, pool) -> Any:
    """The app with a 1000-byte upload limit, so the limit is cheap to hit."""
    return create_app(replace(settings, max_upload_bytes=1000), pool=pool, bus=InProcessBus())


def form(content: bytes, filename: str = "notes.txt", **fields: str) -> aiohttp.FormData:
    data = aiohttp.FormData()
    for key, value in fields.items():
        data.add_field(key, value)
    data.add_field("file", content, filename=filename, content_type="text/plain")
    return data


async def channel_id(session: Any, name: str) -> str:
    channels = await session.get("/api/channels?limit=200")
    return next(c["id"] for c in channels["items"] if c["name"] == name)


async def resource_named(session: Any, name: str) -> dict[str, Any]:
    found = await session.get("/api/resources", params={"q": name})
    return next(r for r in found["items"] if r["name"] == name)


async def test_upload_download_update_and_delete(as_user, settings):
    sarah, mike = await as_user("sarah"), await as_user("mike")
    body = b"Colour palette: teal, coral, sand.\n"
    made = await sarah.post("/api/resources", data=form(body, "palette.txt", description="Draft"), json=None,
                            expect=201)
    digest = hashlib.sha256(body).hexdigest()
    assert made["name"] == "palette.txt" and made["content_hash"] == digest and made["size_bytes"] == len(body)
    assert made["resource_type"] == "document" and made["mime_type"] == "text/plain" and made["has_content"]
    assert (settings.uploads_dir / digest[:2] / digest).read_bytes() == body

    resp = await mike.client.get(f"/api/resources/{made['id']}/content", headers=mike.headers)
    assert resp.status == 200 and await resp.read() == body
    assert "palette.txt" in resp.headers["Content-Disposition"]

    renamed = await sarah.patch(f"/api/resources/{made['id']}", {"name": "Palette v1", "description": None})
    assert renamed["name"] == "Palette v1" and renamed["description"] is None
    await mike.patch(f"/api/resources/{made['id']}", {"name": "Mine now"}, expect=403)
    await mike.delete(f"/api/resources/{made['id']}", expect=403)
    await sarah.delete(f"/api/resources/{made['id']}", expect=204)
    await sarah.get(f"/api/resources/{made['id']}", expect=404)


async def test_same_bytes_are_stored_once(as_user, settings):
    alex, tom = await as_user("alex"), await as_user("tom")
    one = await alex.post("/api/resources", data=form(b"same bytes", "a.txt"), json=None, expect=201)
    two = await tom.post("/api/resources", data=form(b"same bytes", "b.txt", name="Copy"), json=None, expect=201)
    assert one["id"] != two["id"] and one["content_hash"] == two["content_hash"]
    stored = [p for p in settings.uploads_dir.rglob("*") if p.is_file()]
    assert len(stored) == 1


async def test_uploads_past_the_limit_are_413_and_leave_nothing(as_user, settings):
    alex = await as_user("alex")
    resp = await alex.client.post("/api/resources", data=form(b"x" * 1500), headers=alex.headers)
    assert resp.status == 413
    assert (await resp.json())["error"]["code"] == "payload_too_large"
    assert not [p for p in settings.uploads_dir.rglob("*") if p.is_file()]
    assert (await alex.get("/api/resources", params={"q": "notes"}))["items"] == []
    await alex.post("/api/resources", data=form(b"x" * 1000), json=None, expect=201)  # exactly the limit


async def test_upload_needs_a_file_and_a_known_type(as_user):
    alex = await as_user("alex")
    data = aiohttp.FormData()
    data.add_field("name", "Nothing attached", content_type="text/plain")  # a content type forces multipart
    data.add_field("other", "ignored")
    err = await alex.post("/api/resources", data=data, json=None, expect=422)
    assert err["error"]["code"] == "missing_file"
    await alex.post("/api/resources", data=form(b"x", resource_type="poem"), json=None, expect=422)
    resp = await alex.client.post("/api/resources", data="plain", headers={**alex.headers,
                                                                           "Content-Type": "text/plain"})
    assert resp.status == 415


async def test_links_are_created_with_json(as_user):
    alex = await as_user("alex")
    link = await alex.post("/api/resources", {"name": "Roadmap", "resource_type": "link",
                                              "url": "https://example.com/roadmap"}, expect=201)
    assert link["url"] == "https://example.com/roadmap" and link["has_content"] is False
    err = await alex.get(f"/api/resources/{link['id']}/content", expect=404)
    assert err["error"]["code"] == "no_content"
    await alex.post("/api/resources", {"name": "Bad", "url": "javascript:alert(1)"}, expect=422)
    await alex.post("/api/resources", [1, 2], expect=422)


async def test_sharing_with_channels_tasks_and_categories(as_user):
    sarah, mike = await as_user("sarah"), await as_user("mike")
    deck = await resource_named(sarah, "Pitch Deck")
    brand = await channel_id(sarah, "Brand Refresh")
    shared = await sarah.post(f"/api/resources/{deck['id']}/links", {"channel_id": brand}, expect=201)
    again = await sarah.post(f"/api/resources/{deck['id']}/links", {"channel_id": brand}, expect=201)
    assert again["id"] == shared["id"]
    in_channel = await mike.get(f"/api/channels/{brand}/resources")
    assert {r["name"] for r in in_channel["items"]} == {"Brand Guidelines", "Pitch Deck"}

    tasks = await sarah.get("/api/tasks", params={"q": "Review logo concepts"})
    task_link = await sarah.post(f"/api/resources/{deck['id']}/links", {"task_id": tasks["items"][0]["id"]},
                                 expect=201)
    cats = await sarah.get("/api/categories")
    await mike.post(f"/api/resources/{deck['id']}/links", {"category_id": cats[0]["id"]}, expect=403)
    await sarah.post(f"/api/resources/{deck['id']}/links", {"category_id": cats[0]["id"]}, expect=201)
    assert len(await sarah.get(f"/api/resources/{deck['id']}/links")) == 3

    await sarah.post(f"/api/resources/{deck['id']}/links", {}, expect=422)
    await sarah.post(f"/api/resources/{deck['id']}/links", {"channel_id": brand, "task_id": tasks["items"][0]["id"]},
                     expect=422)
    await mike.delete(f"/api/resources/{deck['id']}/links/{task_link['id']}", expect=403)
    await sarah.delete(f"/api/resources/{deck['id']}/links/{shared['id']}", expect=204)
    await sarah.delete(f"/api/resources/{deck['id']}/links/{shared['id']}", expect=404)
    in_channel = await mike.get(f"/api/channels/{brand}/resources")
    assert [r["name"] for r in in_channel["items"]] == ["Brand Guidelines"]


async def test_a_resource_shared_only_in_a_private_channel_is_invisible_to_staff(as_user):
    alex, tom = await as_user("alex"), await as_user("tom")
    leadership = await channel_id(alex, "Leadership")
    secret = await alex.post("/api/resources", data=form(b"salaries", "salaries.txt"), json=None, expect=201)
    assert (await tom.get(f"/api/resources/{secret['id']}"))["id"] == secret["id"]  # not shared yet: everyone
    await alex.post(f"/api/resources/{secret['id']}/links", {"channel_id": leadership}, expect=201)
    await tom.get(f"/api/resources/{secret['id']}", expect=404)
    await tom.get(f"/api/resources/{secret['id']}/content", expect=404)
    await tom.get(f"/api/resources/{secret['id']}/links", expect=404)
    await tom.patch(f"/api/resources/{secret['id']}", {"name": "x"}, expect=404)
    await tom.get(f"/api/channels/{leadership}/resources", expect=404)
    assert secret["id"] not in [r["id"] for r in (await tom.get("/api/resources?limit=200"))["items"]]
    await tom.post(f"/api/resources/{secret['id']}/links", {"channel_id": leadership}, expect=404)
    sarah = await as_user("sarah")
    assert (await sarah.get(f"/api/resources/{secret['id']}"))["name"] == "salaries.txt"  # a member


async def test_resource_list_filters_and_pages(as_user):
    alex = await as_user("alex")
    for i in range(4):
        await alex.post("/api/resources", {"name": f"Link {i}", "url": f"https://example.com/{i}"}, expect=201)
    links = await alex.get("/api/resources", params={"resource_type": "link", "limit": 3})
    assert len(links["items"]) == 3 and links["next_cursor"]
    rest = await alex.get("/api/resources", params={"resource_type": "link", "limit": 3,
                                                    "cursor": links["next_cursor"]})
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    docs = await alex.get("/api/resources", params={"resource_type": "document"})
    assert {r["name"] for r in docs["items"]} == {"Brand Guidelines", "Pitch Deck", "Q4 Report"}


async def test_malformed_uploads_are_4xx(as_user):
    alex = await as_user("alex")
    part = b'--zz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc'
    cases = [
        ("multipart/form-data", b"xx", 400),
        ("multipart/form-data; boundary=zz", b"garbage", 400),
        ("multipart/form-data; boundary=zz", part, 400),  # never closed
        ("multipart/form-data; boundary=zz", b'--zz\r\nContent-Disposition: form-data; name="name"\r\n\r\n'
                                             b"\xff\xfe\r\n--zz--\r\n", 422),
        ("application/json", b"{bad", 400),
    ]
    for content_type, body, status in cases:
        resp = await alex.client.post("/api/resources", data=body,
                                      headers={**alex.headers, "Content-Type": content_type})
        assert resp.status == status, (content_type, body, await resp.text())
