"""Sign-in, refresh-token rotation with reuse detection, sign-out, and bearer checks."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt

from tests.conftest import DEMO_PASSWORD

LOGIN = "/api/auth/login"
REFRESH = "/api/auth/refresh"


def assert_error(body: Any, code: str) -> None:
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}, body
    assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


async def login(client: Any, email: str, password: str) -> tuple[int, Any]:
    resp = await client.post(LOGIN, json={"email": email, "password": password})
    return resp.status, await resp.json()


async def refresh(client: Any, token: str) -> tuple[int, Any]:
    resp = await client.post(REFRESH, json={"refresh_token": token})
    return resp.status, await resp.json()


async def test_login_returns_tokens_and_the_user(client):
    status, body = await login(client, "alex@example.com", DEMO_PASSWORD)
    assert status == 200, body
    assert body["token_type"] == "bearer" and body["expires_in"] > 0
    assert body["access_token"] and body["refresh_token"]
    assert body["user"]["email"] == "alex@example.com" and body["user"]["role"] == "ceo"
    assert "password_hash" not in body["user"]


async def test_login_ignores_the_case_of_the_email(client):
    status, body = await login(client, "  Sarah@Example.COM ", DEMO_PASSWORD)
    assert status == 200, body
    assert body["user"]["full_name"] == "Sarah Chen"


async def test_wrong_password_is_a_401_json_error(client):
    status, body = await login(client, "alex@example.com", "not-the-password")
    assert status == 401
    assert_error(body, "invalid_credentials")


async def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    status, body = await login(client, "nobody@example.com", DEMO_PASSWORD)
    assert status == 401
    assert_error(body, "invalid_credentials")


async def test_an_inactive_user_cannot_sign_in(client, pool):
    await pool.execute("UPDATE users SET is_active = false WHERE email = 'lisa@example.com'")
    status, body = await login(client, "lisa@example.com", DEMO_PASSWORD)
    assert status == 401
    assert_error(body, "invalid_credentials")


async def test_login_body_must_have_email_and_password(client):
    resp = await client.post(LOGIN, json={"email": "alex@example.com"})
    assert resp.status == 422
    assert_error(await resp.json(), "invalid_input")


async def test_refresh_rotates_and_the_old_token_stops_working(client):
    _, first = await login(client, "mike@example.com", DEMO_PASSWORD)
    status, second = await refresh(client, first["refresh_token"])
    assert status == 200, second
    assert second["refresh_token"] != first["refresh_token"]
    assert second["user"]["email"] == "mike@example.com"
    me = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {second['access_token']}"})
    assert me.status == 200

    status, body = await refresh(client, first["refresh_token"])
    assert status == 401
    assert_error(body, "token_reused")


async def test_reusing_a_rotated_refresh_token_revokes_the_family(client):
    _, first = await login(client, "mike@example.com", DEMO_PASSWORD)
    _, second = await refresh(client, first["refresh_token"])
    _, third = await refresh(client, second["refresh_token"])

    status, body = await refresh(client, first["refresh_token"])  # a thief replays a stolen, spent token
    assert status == 401
    assert_error(body, "token_reused")

    status, body = await refresh(client, third["refresh_token"])  # the newest of the family is dead too
    assert status == 401
    assert_error(body, "token_revoked")


async def test_family_revocation_leaves_other_sessions_alone(client):
    _, laptop = await login(client, "mike@example.com", DEMO_PASSWORD)
    _, phone = await login(client, "mike@example.com", DEMO_PASSWORD)
    await refresh(client, laptop["refresh_token"])
    await refresh(client, laptop["refresh_token"])  # reuse: the laptop family is revoked
    status, body = await refresh(client, phone["refresh_token"])
    assert status == 200, body


async def test_unknown_refresh_token_is_rejected(client):
    status, body = await refresh(client, "x" * 43)
    assert status == 401
    assert_error(body, "invalid_token")


async def test_an_expired_refresh_token_is_rejected(client, pool):
    _, tokens = await login(client, "mike@example.com", DEMO_PASSWORD)
    await pool.execute("UPDATE refresh_tokens SET expires_at = now() - interval '1 second'")
    status, body = await refresh(client, tokens["refresh_token"])
    assert status == 401
    assert_error(body, "token_expired")


async def test_logout_revokes_the_refresh_token(client):
    _, tokens = await login(client, "david@example.com", DEMO_PASSWORD)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    resp = await client.post("/api/auth/logout", json={"refresh_token": tokens["refresh_token"]}, headers=headers)
    assert resp.status == 200
    assert await resp.json() == {"ok": True}
    status, body = await refresh(client, tokens["refresh_token"])
    assert status == 401
    assert_error(body, "token_revoked")


async def test_logout_everywhere_revokes_every_session(client):
    _, one = await login(client, "david@example.com", DEMO_PASSWORD)
    _, two = await login(client, "david@example.com", DEMO_PASSWORD)
    headers = {"Authorization": f"Bearer {one['access_token']}"}
    resp = await client.post("/api/auth/logout", json={"everywhere": True}, headers=headers)
    assert resp.status == 200
    for tokens in (one, two):
        status, body = await refresh(client, tokens["refresh_token"])
        assert status == 401
        assert_error(body, "token_revoked")


async def test_logout_cannot_revoke_someone_elses_refresh_token(client):
    _, victim = await login(client, "tom@example.com", DEMO_PASSWORD)
    _, other = await login(client, "lisa@example.com", DEMO_PASSWORD)
    headers = {"Authorization": f"Bearer {other['access_token']}"}
    await client.post("/api/auth/logout", json={"refresh_token": victim["refresh_token"]}, headers=headers)
    status, body = await refresh(client, victim["refresh_token"])
    assert status == 200, body


async def test_me_returns_the_signed_in_user(as_user):
    elena = await as_user("elena")
    me = await elena.get("/api/auth/me")
    assert me["id"] == elena.id
    assert me["full_name"] == "Elena Garcia" and me["role"] == "manager" and me["language"] == "es"


def _token(settings: Any, user_id: str, **claims: Any) -> str:
    now = int(time.time())
    base = {"sub": user_id, "role": "ceo", "iat": now, "exp": now + 60, "typ": "access", "jti": uuid.uuid4().hex}
    base.update(claims)
    return jwt.encode(base, settings.jwt_secret, algorithm="HS256")


async def test_an_expired_access_token_is_401_token_expired(client, as_user, settings):
    alex = await as_user("alex")
    token = _token(settings, alex.id, iat=int(time.time()) - 120, exp=int(time.time()) - 60)
    resp = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert resp.status == 401
    assert_error(await resp.json(), "token_expired")


async def test_a_token_signed_with_another_secret_is_rejected(client, as_user):
    alex = await as_user("alex")
    claims = {"sub": alex.id, "typ": "access", "exp": int(time.time()) + 60}
    token = jwt.encode(claims, "another-secret-that-is-long-enough-for-hs256", algorithm="HS256")
    resp = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert resp.status == 401
    assert_error(await resp.json(), "invalid_token")


async def test_a_tampered_token_is_rejected(client, as_user):
    mike = await as_user("mike")
    header, payload, signature = mike.tokens["access_token"].split(".")
    forged = jwt.utils.base64url_encode(  # same claims but role ceo, original signature
        jwt.utils.base64url_decode(payload).replace(b'"staff"', b'"ceo"')).decode()
    for token in (f"{header}.{forged}.{signature}", mike.tokens["access_token"][:-3] + "AAA", "garbage"):
        resp = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert resp.status == 401, token
        assert_error(await resp.json(), "invalid_token")


async def test_a_refresh_token_is_not_an_access_token(client, settings, as_user):
    mike = await as_user("mike")
    for token in (mike.tokens["refresh_token"], _token(settings, mike.id, typ="refresh")):
        resp = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert resp.status == 401
        assert_error(await resp.json(), "invalid_token")


async def test_a_token_for_a_user_that_does_not_exist_is_rejected(client, settings):
    token = _token(settings, str(uuid.uuid4()))
    resp = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert resp.status == 401
    assert_error(await resp.json(), "invalid_token")


async def test_the_token_type_must_be_bearer(client, as_user):
    alex = await as_user("alex")
    resp = await client.get("/api/auth/me", headers={"Authorization": f"Basic {alex.tokens['access_token']}"})
    assert resp.status == 401
    assert_error(await resp.json(), "unauthorized")


async def test_every_authenticated_route_needs_a_bearer_token(client):
    spec = await (await client.get("/api/openapi.json")).json()
    checked = 0
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            if "security" not in op:
                continue
            url = path
            for param in op.get("parameters", []):
                if param["in"] == "path":
                    url = url.replace("{" + param["name"] + "}", str(uuid.uuid4()))
            resp = await client.request(method.upper(), url, json={})
            assert resp.status == 401, f"{method.upper()} {path} -> {resp.status}"
            assert_error(await resp.json(), "unauthorized")
            checked += 1
    assert checked >= 15


async def test_public_routes_are_only_login_and_refresh(client):
    spec = await (await client.get("/api/openapi.json")).json()
    public = {(m.upper(), p) for p, ms in spec["paths"].items() for m, op in ms.items() if "security" not in op}
    assert public == {("POST", LOGIN), ("POST", REFRESH)}


async def test_repeated_failed_logins_are_rate_limited(client):
    statuses = [(await login(client, "priya@example.com", "wrong-password"))[0] for _ in range(10)]
    assert statuses == [401] * 10
    status, body = await login(client, "priya@example.com", DEMO_PASSWORD)  # even the right password waits
    assert status == 429
    assert_error(body, "rate_limited")
    assert body["error"]["details"]["retry_after_s"] > 0
    status, _ = await login(client, "alex@example.com", DEMO_PASSWORD)  # another account is not affected
    assert status == 200


async def test_signing_out_ends_the_access_token_at_once_not_when_it_expires(as_user, client):
    alex = await as_user("alex")
    await alex.get("/api/auth/me")
    await alex.post("/api/auth/logout", {}, expect=200)
    body = await alex.get("/api/auth/me", expect=401)
    assert body["error"]["code"] == "signed_out"
    again = await client.post("/api/auth/refresh", json={"refresh_token": alex.tokens["refresh_token"]})
    assert again.status == 401


async def test_signing_out_everywhere_ends_every_sign_in(client):
    from tests.conftest import sign_in

    phone, laptop = await sign_in(client, "sarah"), await sign_in(client, "sarah")
    await phone.post("/api/auth/logout", {"everywhere": True}, expect=200)
    assert (await laptop.get("/api/auth/me", expect=401))["error"]["code"] == "signed_out"


async def test_a_detected_refresh_token_reuse_also_ends_the_access_tokens_of_that_family(client):
    from tests.conftest import sign_in

    tom = await sign_in(client, "tom")
    first = tom.tokens["refresh_token"]
    rotated = await client.post("/api/auth/refresh", json={"refresh_token": first})
    fresh = await rotated.json()
    stolen = await client.post("/api/auth/refresh", json={"refresh_token": first})
    assert stolen.status == 401
    me = await client.get("/api/auth/me", headers={"Authorization": f"Bearer {fresh['access_token']}"})
    assert me.status == 401
