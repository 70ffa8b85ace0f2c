"""People: listing with cursors, who may create whom, self-service edits, deactivation."""

from __future__ import annotations

from typing import Any

from tests.conftest import DEMO_PASSWORD


def assert_error(body: Any, code: str) -> None:
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    assert body["error"]["code"] == code, body


def new_person(**overrides: Any) -> dict[str, Any]:
    body = {"email": "nora@example.com", "full_name": "Nora Quinn", "password": "correct horse battery"}
    body.update(overrides)
    return body


async def test_everyone_sees_the_eight_demo_people(as_user):
    mike = await as_user("mike")
    listed = await mike.get("/api/users")
    names = [u["full_name"] for u in listed["items"]]
    assert names == sorted(names) and len(names) == 8
    assert listed["next_cursor"] is None
    assert all("password_hash" not in u for u in listed["items"])


async def test_pages_of_three_cover_everyone_without_dupes_or_gaps(as_user):
    alex = await as_user("alex")
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = "limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = await alex.get(f"/api/users?{query}")
        assert len(page["items"]) <= 3
        seen += [u["full_name"] for u in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everyone = [u["full_name"] for u in (await alex.get("/api/users"))["items"]]
    assert pages == 3
    assert seen == everyone and len(set(seen)) == 8


async def test_users_can_be_filtered_by_role_and_name(as_user):
    alex = await as_user("alex")
    managers = await alex.get("/api/users?role=manager")
    assert {u["full_name"] for u in managers["items"]} == {"Sarah Chen", "Priya Patel", "Elena Garcia"}
    found = await alex.get("/api/users?q=wong")
    assert [u["full_name"] for u in found["items"]] == ["Lisa Wong"]


async def test_a_cursor_this_server_did_not_issue_is_a_400(as_user):
    alex = await as_user("alex")
    for cursor in ("nonsense", "WzVd", "WzEsMl0", "bnVsbA"):  # garbage, [5], [1,2], null
        body = await alex.get(f"/api/users?cursor={cursor}", expect=400)
        assert_error(body, "invalid_cursor")


async def test_a_limit_out_of_range_is_a_422(as_user):
    alex = await as_user("alex")
    for limit in ("0", "201", "many"):
        assert_error(await alex.get(f"/api/users?limit={limit}", expect=422), "invalid_input")


async def test_get_one_user_and_unknown_user_is_404(as_user):
    mike = await as_user("mike")
    sarah = await as_user("sarah")
    assert (await mike.get(f"/api/users/{sarah.id}"))["email"] == "sarah@example.com"
    assert_error(await mike.get("/api/users/00000000-0000-0000-0000-000000000000", expect=404), "not_found")
    assert_error(await mike.get("/api/users/not-a-uuid", expect=404), "not_found")


async def test_a_manager_creates_a_staff_member_who_can_sign_in(as_user, client):
    sarah = await as_user("sarah")
    created = await sarah.post("/api/users", new_person(department="Marketing"), expect=201)
    assert created["role"] == "staff" and created["language"] == "en" and created["timezone"] == "UTC"
    assert created["department"] == "Marketing" and created["is_active"] is True
    resp = await client.post("/api/auth/login", json={"email": "nora@example.com", "password": "correct horse battery"})
    assert resp.status == 200


async def test_the_ceo_creates_a_manager(as_user):
    alex = await as_user("alex")
    created = await alex.post("/api/users", new_person(role="manager", language="de", timezone="Europe/Berlin",
                                                       avatar_color="#123ABC", nicknames=["Nono"]), expect=201)
    assert (created["role"], created["language"], created["timezone"]) == ("manager", "de", "Europe/Berlin")
    assert created["nicknames"] == ["Nono"] and created["avatar_color"] == "#123ABC"


async def test_a_manager_cannot_create_a_manager(as_user):
    sarah = await as_user("sarah")
    assert_error(await sarah.post("/api/users", new_person(role="manager"), expect=403), "forbidden")
    assert_error(await sarah.post("/api/users", new_person(role="ceo"), expect=403), "forbidden")


async def test_staff_cannot_create_anyone(as_user):
    mike = await as_user("mike")
    assert_error(await mike.post("/api/users", new_person(), expect=403), "forbidden")


async def test_an_email_already_in_use_is_a_409(as_user):
    alex = await as_user("alex")
    assert_error(await alex.post("/api/users", new_person(email="MIKE@example.com"), expect=409), "email_taken")


async def test_a_new_user_needs_a_valid_email_and_a_long_enough_password(as_user):
    alex = await as_user("alex")
    body = await alex.post("/api/users", new_person(email="not-an-email", password="short"), expect=422)
    assert_error(body, "invalid_input")
    fields = {f["field"] for f in body["error"]["details"]["fields"]}
    assert fields == {"email", "password"}


async def test_a_bad_timezone_is_a_422(as_user):
    alex = await as_user("alex")
    assert_error(await alex.post("/api/users", new_person(timezone="Mars/Olympus"), expect=422), "invalid_timezone")
    assert_error(await alex.patch(f"/api/users/{alex.id}", {"timezone": "Nowhere/Land"}, expect=422),
                 "invalid_timezone")


async def test_creating_a_user_is_audited(as_user, pool):
    alex = await as_user("alex")
    created = await alex.post("/api/users", new_person(), expect=201)
    row = await pool.fetchrow("SELECT actor_id::text, after FROM audit_log WHERE action = 'user.created'")
    assert row["actor_id"] == alex.id and row["after"]["email"] == created["email"]
    assert "password_hash" not in row["after"]


async def test_anyone_may_change_their_own_name_and_language(as_user):
    mike = await as_user("mike")
    changed = await mike.patch(f"/api/users/{mike.id}", {"full_name": "Michael Johnson", "language": "es"})
    assert changed["full_name"] == "Michael Johnson" and changed["language"] == "es"
    assert (await mike.get("/api/auth/me"))["full_name"] == "Michael Johnson"


async def test_a_partial_patch_leaves_other_fields_alone(as_user):
    elena = await as_user("elena")
    changed = await elena.patch(f"/api/users/{elena.id}", {"timezone": "Europe/Madrid"})
    assert changed["timezone"] == "Europe/Madrid" and changed["language"] == "es"
    assert changed["full_name"] == "Elena Garcia"


async def test_staff_cannot_change_their_own_role(as_user):
    mike = await as_user("mike")
    assert_error(await mike.patch(f"/api/users/{mike.id}", {"role": "manager"}, expect=403), "forbidden")
    assert (await mike.get("/api/auth/me"))["role"] == "staff"


async def test_staff_cannot_change_someone_else(as_user):
    mike = await as_user("mike")
    david = await as_user("david")
    assert_error(await mike.patch(f"/api/users/{david.id}", {"full_name": "Dave"}, expect=403), "forbidden")


async def test_a_manager_may_not_promote_staff_or_edit_another_manager(as_user):
    sarah = await as_user("sarah")
    mike = await as_user("mike")
    priya = await as_user("priya")
    assert_error(await sarah.patch(f"/api/users/{mike.id}", {"role": "manager"}, expect=403), "forbidden")
    assert_error(await sarah.patch(f"/api/users/{priya.id}", {"department": "X"}, expect=403), "forbidden")
    changed = await sarah.patch(f"/api/users/{mike.id}", {"department": "Brand"})
    assert changed["department"] == "Brand"


async def test_required_fields_cannot_be_patched_to_null(as_user):
    mike = await as_user("mike")
    assert_error(await mike.patch(f"/api/users/{mike.id}", {"full_name": None}, expect=422), "invalid_input")


async def test_changing_the_password_signs_out_other_sessions(as_user, client):
    mike = await as_user("mike")
    await mike.patch(f"/api/users/{mike.id}", {"password": "a brand new password", "current_password": DEMO_PASSWORD})
    resp = await client.post("/api/auth/refresh", json={"refresh_token": mike.tokens["refresh_token"]})
    assert resp.status == 401
    resp = await client.post("/api/auth/login", json={"email": "mike@example.com", "password": DEMO_PASSWORD})
    assert resp.status == 401
    resp = await client.post("/api/auth/login", json={"email": "mike@example.com", "password": "a brand new password"})
    assert resp.status == 200


async def test_a_deactivated_person_is_signed_out_and_leaves_the_default_list(as_user, client):
    sarah = await as_user("sarah")
    mike = await as_user("mike")
    gone = await sarah.delete(f"/api/users/{mike.id}", expect=200)
    assert gone["is_active"] is False

    assert_error(await mike.get("/api/auth/me", expect=401), "invalid_token")
    resp = await client.post("/api/auth/refresh", json={"refresh_token": mike.tokens["refresh_token"]})
    assert resp.status == 401

    names = [u["full_name"] for u in (await sarah.get("/api/users"))["items"]]
    assert "Mike Johnson" not in names and len(names) == 7
    with_inactive = await sarah.get("/api/users?include_inactive=true")
    assert "Mike Johnson" in [u["full_name"] for u in with_inactive["items"]]


async def test_only_managers_see_inactive_people(as_user):
    alex = await as_user("alex")
    david = await as_user("david")
    lisa = await as_user("lisa")
    await alex.delete(f"/api/users/{lisa.id}", expect=200)
    listed = await david.get("/api/users?include_inactive=true")
    assert "Lisa Wong" not in [u["full_name"] for u in listed["items"]]
    assert_error(await david.get(f"/api/users/{lisa.id}", expect=404), "not_found")
    assert (await alex.get(f"/api/users/{lisa.id}"))["is_active"] is False


async def test_who_may_deactivate_whom(as_user):
    alex = await as_user("alex")
    sarah = await as_user("sarah")
    mike = await as_user("mike")
    priya = await as_user("priya")
    assert_error(await mike.delete(f"/api/users/{sarah.id}", expect=403), "forbidden")
    assert_error(await sarah.delete(f"/api/users/{priya.id}", expect=403), "forbidden")
    assert_error(await alex.delete(f"/api/users/{alex.id}", expect=422), "invalid_input")
    assert_error(await alex.delete("/api/users/00000000-0000-0000-0000-000000000000", expect=404), "not_found")
