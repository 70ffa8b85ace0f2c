"""Changing a password: your own needs the current one; every new password follows one policy."""

from __future__ import annotations

from typing import Any

import pytest

from server.keys import LIMITER
from server.ratelimit import GUESS_LIMITS
from tests.api.test_auth import assert_error
from tests.api.test_login_throttle import hold_still
from tests.conftest import DEMO_PASSWORD

NEW = "a brand new password"


@pytest.fixture(autouse=True)
def one_window(app: Any, client: Any) -> None:
    hold_still(app[LIMITER])  # counts to a limit must not straddle two minutes


async def can_sign_in(client: Any, email: str, password: str) -> bool:
    resp = await client.post("/api/auth/login", json={"email": email, "password": password})
    return resp.status == 200


async def test_changing_your_own_password_needs_the_current_one(as_user, client):
    mike = await as_user("mike")
    body = await mike.patch(f"/api/users/{mike.id}", {"password": NEW}, expect=422)
    assert_error(body, "current_password_required")
    assert await can_sign_in(client, "mike@example.com", DEMO_PASSWORD)
    assert not await can_sign_in(client, "mike@example.com", NEW)


async def test_a_wrong_current_password_is_refused_and_changes_nothing(as_user, client):
    mike = await as_user("mike")
    body = await mike.patch(f"/api/users/{mike.id}", {"password": NEW, "current_password": "not-it"}, expect=403)
    assert_error(body, "wrong_password")
    assert body["error"]["details"] == {"field": "current_password"}
    await mike.get("/api/auth/me")  # still signed in
    assert await can_sign_in(client, "mike@example.com", DEMO_PASSWORD)


async def test_the_right_current_password_changes_it(as_user, client):
    mike = await as_user("mike")
    await mike.patch(f"/api/users/{mike.id}", {"password": NEW, "current_password": DEMO_PASSWORD})
    assert await can_sign_in(client, "mike@example.com", NEW)
    assert not await can_sign_in(client, "mike@example.com", DEMO_PASSWORD)


async def test_wrong_current_passwords_count_against_the_sign_in_throttle(as_user, client):
    mike = await as_user("mike")
    url = f"/api/users/{mike.id}"
    for _ in range(GUESS_LIMITS.per_address_and_account - 1):  # signing in was the first attempt
        await mike.patch(url, {"password": NEW, "current_password": "guess"}, expect=403)
    body = await mike.patch(url, {"password": NEW, "current_password": DEMO_PASSWORD}, expect=429)
    assert_error(body, "rate_limited")
    resp = await client.post("/api/auth/login", json={"email": "mike@example.com", "password": DEMO_PASSWORD})
    assert resp.status == 429  # the same guesses at sign-in are throttled too


async def test_a_password_of_only_spaces_is_refused(as_user):
    mike = await as_user("mike")
    for password in (" " * 1024, " " * 8, "\t\n  \u3000   ", "   abc   "):
        body = await mike.patch(f"/api/users/{mike.id}", {"password": password, "current_password": DEMO_PASSWORD},
                                expect=422)
        assert_error(body, "invalid_input")
        assert [f["field"] for f in body["error"]["details"]["fields"]] == ["password"], body


async def test_a_password_longer_than_256_characters_is_refused(as_user, client):
    mike = await as_user("mike")
    body = await mike.patch(f"/api/users/{mike.id}", {"password": "x" * 257, "current_password": DEMO_PASSWORD},
                            expect=422)
    assert_error(body, "invalid_input")
    await mike.patch(f"/api/users/{mike.id}", {"password": "x" * 256, "current_password": DEMO_PASSWORD})
    assert await can_sign_in(client, "mike@example.com", "x" * 256)


async def test_a_manager_resets_a_staff_password_without_knowing_it_but_within_the_policy(as_user, client):
    sarah, mike = await as_user("sarah"), await as_user("mike")
    assert_error(await sarah.patch(f"/api/users/{mike.id}", {"password": " " * 1024}, expect=422), "invalid_input")
    await sarah.patch(f"/api/users/{mike.id}", {"password": NEW})
    assert await can_sign_in(client, "mike@example.com", NEW)


async def test_a_new_account_gets_the_same_password_policy(as_user):
    alex = await as_user("alex")
    person = {"email": "nora@example.com", "full_name": "Nora Quinn"}
    for password in (" " * 1024, "x" * 257):
        body = await alex.post("/api/users", {**person, "password": password}, expect=422)
        assert [f["field"] for f in body["error"]["details"]["fields"]] == ["password"], body
    await alex.post("/api/users", {**person, "password": "correct horse"}, expect=201)


async def test_a_manager_changing_their_own_password_also_needs_the_current_one(as_user):
    sarah = await as_user("sarah")
    assert_error(await sarah.patch(f"/api/users/{sarah.id}", {"password": NEW}, expect=422),
                 "current_password_required")
