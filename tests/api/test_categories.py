"""Categories: everyone reads them; the CEO and managers create, change and delete them."""

from __future__ import annotations

from typing import Any


def assert_error(body: Any, code: str) -> None:
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    assert body["error"]["code"] == code, body


async def test_everyone_lists_the_six_demo_categories(as_user):
    lisa = await as_user("lisa")
    listed = await lisa.get("/api/categories")
    assert [c["name"] for c in listed] == ["Engineering", "Finance", "HR", "Marketing", "Operations", "Sales"]
    marketing = next(c for c in listed if c["name"] == "Marketing")
    assert marketing["color"] == "#EC4899" and marketing["icon"] == "megaphone"


async def test_a_manager_creates_reads_changes_and_deletes_a_category(as_user):
    priya = await as_user("priya")
    created = await priya.post("/api/categories", {"name": "Legal", "color": "#334455", "icon": "scale",
                                                   "description": "Contracts"}, expect=201)
    assert (created["name"], created["color"], created["icon"]) == ("Legal", "#334455", "scale")
    assert await priya.get(f"/api/categories/{created['id']}") == created

    changed = await priya.patch(f"/api/categories/{created['id']}", {"color": "#abcdef"})
    assert changed["color"] == "#abcdef" and changed["name"] == "Legal" and changed["icon"] == "scale"
    renamed = await priya.patch(f"/api/categories/{created['id']}", {"name": "Legal & Compliance"})
    assert renamed["name"] == "Legal & Compliance" and renamed["color"] == "#abcdef"

    assert await priya.delete(f"/api/categories/{created['id']}", expect=204) is None
    assert_error(await priya.get(f"/api/categories/{created['id']}", expect=404), "not_found")
    assert_error(await priya.delete(f"/api/categories/{created['id']}", expect=404), "not_found")


async def test_a_category_without_a_colour_gets_the_default_grey(as_user):
    alex = await as_user("alex")
    created = await alex.post("/api/categories", {"name": "Misc"}, expect=201)
    assert created["color"] == "#6B7280"


async def test_deleting_a_category_keeps_its_channels(as_user):
    alex = await as_user("alex")
    engineering = next(c for c in await alex.get("/api/categories") if c["name"] == "Engineering")
    await alex.delete(f"/api/categories/{engineering['id']}", expect=204)
    infra = next(c for c in (await alex.get("/api/channels"))["items"] if c["name"] == "Infrastructure")
    assert infra["category_id"] is None


async def test_a_bad_colour_is_a_422(as_user):
    alex = await as_user("alex")
    for colour in ("red", "#12345", "#GGGGGG", "123456"):
        body = await alex.post("/api/categories", {"name": "Legal", "color": colour}, expect=422)
        assert_error(body, "invalid_input")
        assert body["error"]["details"]["fields"][0]["field"] == "color"
    marketing = next(c for c in await alex.get("/api/categories") if c["name"] == "Marketing")
    assert_error(await alex.patch(f"/api/categories/{marketing['id']}", {"color": "pink"}, expect=422),
                 "invalid_input")


async def test_name_and_colour_cannot_be_patched_to_null(as_user):
    alex = await as_user("alex")
    marketing = next(c for c in await alex.get("/api/categories") if c["name"] == "Marketing")
    for field in ("name", "color"):
        assert_error(await alex.patch(f"/api/categories/{marketing['id']}", {field: None}, expect=422),
                     "invalid_input")


async def test_a_blank_name_is_a_422(as_user):
    alex = await as_user("alex")
    assert_error(await alex.post("/api/categories", {"name": "   "}, expect=422), "invalid_input")


async def test_a_duplicate_name_is_a_409_whatever_the_case(as_user):
    alex = await as_user("alex")
    assert_error(await alex.post("/api/categories", {"name": "marketing", "color": "#000000"}, expect=409),
                 "already_exists")
    finance = next(c for c in await alex.get("/api/categories") if c["name"] == "Finance")
    assert_error(await alex.patch(f"/api/categories/{finance['id']}", {"name": "HR"}, expect=409), "already_exists")


async def test_staff_cannot_create_change_or_delete_a_category(as_user):
    mike = await as_user("mike")
    assert_error(await mike.post("/api/categories", {"name": "Mine", "color": "#000000"}, expect=403), "forbidden")
    sales = next(c for c in await mike.get("/api/categories") if c["name"] == "Sales")
    assert_error(await mike.patch(f"/api/categories/{sales['id']}", {"color": "#000000"}, expect=403), "forbidden")
    assert_error(await mike.delete(f"/api/categories/{sales['id']}", expect=403), "forbidden")
    assert (await mike.get(f"/api/categories/{sales['id']}"))["color"] == "#06B6D4"


async def test_unknown_category_is_a_404(as_user):
    alex = await as_user("alex")
    missing = "00000000-0000-0000-0000-000000000001"
    assert_error(await alex.get(f"/api/categories/{missing}", expect=404), "not_found")
    assert_error(await alex.patch(f"/api/categories/{missing}", {"icon": "x"}, expect=404), "not_found")


async def test_category_writes_are_audited_and_announced(as_user, pool):
    alex = await as_user("alex")
    created = await alex.post("/api/categories", {"name": "Legal", "color": "#334455"}, expect=201)
    await alex.patch(f"/api/categories/{created['id']}", {"icon": "scale"})
    await alex.delete(f"/api/categories/{created['id']}", expect=204)
    actions = [r["action"] for r in await pool.fetch(
        "SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id", created["id"])]
    events = [r["type"] for r in await pool.fetch(
        "SELECT type FROM events WHERE entity_id = $1 ORDER BY id", created["id"])]
    expected = ["category.created", "category.updated", "category.deleted"]
    assert actions == expected and events == expected
