"""The sign-in throttle counts an account once, however its email is typed, and holds across addresses."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import aiohttp
import pytest
import redis.asyncio as aioredis

from server.app import create_app
from server.bus import InProcessBus
from server.keys import LIMITER
from server.ratelimit import GUESS_LIMITS
from tests.conftest import DEMO_PASSWORD

LOGIN = "/api/auth/login"
MACHINE_REDIS = "redis://127.0.0.1:6379/0"
PADDINGS = (" mike@example.com", "\tmike@example.com", "   mike@example.com", "mike@example.com\n",
            "\u00a0MIKE@example.com\u2003", "\u200bmike@example.com", "ｍｉｋｅ@example.com")


@pytest.fixture(autouse=True)
def one_window(app: Any, client: Any) -> None:
    """Hold the limiter's clock still, so no test's count is cut in two by a new minute starting."""
    hold_still(app[LIMITER])


def hold_still(limiter: Any) -> None:
    now = limiter.clock()
    limiter.clock = lambda: now


async def login(client: Any, email: str, password: str) -> tuple[int, Any]:
    resp = await client.post(LOGIN, json={"email": email, "password": password})
    return resp.status, await resp.json()


async def login_from(client: Any, source: str, email: str, password: str) -> tuple[int, Any]:
    """Sign in over a connection from the loopback address `source` (127.x.y.z all reach the
    test server, which then sees a different client address)."""
    connector = aiohttp.TCPConnector(local_addr=(source, 0))
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.post(client.make_url(LOGIN), json={"email": email, "password": password}) as resp:
            return resp.status, await resp.json()


async def fail_ten_times(client: Any, email: str = "mike@example.com") -> None:
    statuses = [(await login(client, email, "wrong-password"))[0] for _ in range(10)]
    assert statuses == [401] * 10


async def test_padded_or_differently_written_emails_sign_in_like_the_plain_one(client):
    for email in PADDINGS:
        status, body = await login(client, email, DEMO_PASSWORD)
        assert status == 200, (email, body)
        assert body["user"]["email"] == "mike@example.com"


async def test_login_with_padded_email_counts_against_the_same_limit(client):
    await fail_ten_times(client)
    for email in PADDINGS:
        status, body = await login(client, email, "another-guess")
        assert status == 429, (email, body)
        assert body["error"]["code"] == "rate_limited"


async def test_the_right_password_with_a_padded_email_waits_like_the_plain_one(client):
    await fail_ten_times(client)
    for email in ("   mike@example.com", "\tMike@Example.com ", "mike@example.com"):
        status, body = await login(client, email, DEMO_PASSWORD)
        assert status == 429, (email, body)


async def test_failures_under_padded_variants_add_up_to_one_limit(client):
    for i in range(10):
        status, _ = await login(client, " " * i + "mike@example.com", "wrong-password")
        assert status == 401
    status, body = await login(client, "mike@example.com", DEMO_PASSWORD)
    assert status == 429, body


async def test_an_account_is_limited_across_addresses(client):
    """Guesses spread over many client addresses still stop at the account's own limit."""
    failures = 0
    for i in range(GUESS_LIMITS.account_failures + 5):
        # Every guess from a new address: the per-address limit never triggers.
        status, body = await login_from(client, f"127.0.{i // 250}.{i % 250 + 2}", "mike@example.com", "wrong")
        if status == 429:
            break
        assert status == 401, body
        failures += 1
    assert failures == GUESS_LIMITS.account_failures
    status, body = await login_from(client, "127.9.9.9", " mike@example.com", DEMO_PASSWORD)
    assert status == 429, body
    assert (await login(client, "alex@example.com", DEMO_PASSWORD))[0] == 200  # others are not affected


async def test_one_address_guessing_many_accounts_is_limited(client):
    limit = GUESS_LIMITS.address_failures
    statuses = [(await login(client, f"nobody{i}@example.com", "wrong-password"))[0] for i in range(limit + 1)]
    assert statuses[:-1] == [401] * limit
    assert statuses[-1] == 429
    status, _ = await login_from(client, "127.0.0.77", "alex@example.com", DEMO_PASSWORD)
    assert status == 200  # another address is not affected
async def test_the_limit_holds_across_nodes_sharing_redis(settings, pool, aiohttp_client):
    """With Redis, two nodes count one account's guesses together."""
    namespace = f"vdtest:{uuid.uuid4().hex[:10]}:rl"
    node_settings = replace(settings, redis_url=MACHINE_REDIS)
    clients = []
    for _ in range(2):
        app = create_app(node_settings, pool=pool, bus=InProcessBus())
        clients.append(await aiohttp_client(app))
        app[LIMITER].namespace = namespace  # keep this test's counts apart from anyone else's
        hold_still(app[LIMITER])
        assert app[LIMITER].uses_redis
    try:
        for i in range(10):
            status, _ = await login(clients[i % 2], " " * (i % 3) + "mike@example.com", "wrong-password")
            assert status == 401
        for client in clients:
            status, body = await login(client, "\tmike@example.com", DEMO_PASSWORD)
            assert status == 429, body
    finally:
        redis = aioredis.from_url(MACHINE_REDIS)
        keys = [k async for k in redis.scan_iter(match=f"{namespace}*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
