"""Signing out, or a refresh-token family revoked for reuse, closes that sign-in's live sockets (4001)
on every node, and only those."""

from __future__ import annotations

import asyncio

import pytest

from server.keys import POOL
from tests.conftest import Session, sign_in
from tests.live.conftest import LiveClient


async def _socket(node, session: Session) -> LiveClient:
    live = LiveClient(await node.client.ws_connect("/api/live", headers=session.headers))
    await live.next("ready")
    return live


async def _still_open(live: LiveClient) -> None:
    await live.send({"type": "ping"})
    assert (await live.next("pong", timeout=2))["type"] == "pong"


async def test_signing_out_closes_that_sign_ins_sockets_on_every_node_and_no_others(make_node):
    node_a, node_b = await make_node(), await make_node()
    laptop, phone = await sign_in(node_a.client, "tom"), await sign_in(node_b.client, "tom")
    on_a, on_b = await _socket(node_a, laptop), await _socket(node_b, laptop)
    other = await _socket(node_b, phone)

    await laptop.post("/api/auth/logout", {}, expect=200)
    assert await asyncio.gather(on_a.closed(3), on_b.closed(3)) == [4001, 4001]
    await _still_open(other)

    await phone.post("/api/auth/logout", {"everywhere": True}, expect=200)
    assert await other.closed(3) == 4001


async def test_reusing_a_spent_refresh_token_closes_the_sockets_of_its_sign_in(make_node):
    node_a, node_b = await make_node(), await make_node()
    laptop = await sign_in(node_a.client, "tom")
    spent = laptop.tokens["refresh_token"]
    rotated = await laptop.post("/api/auth/refresh", {"refresh_token": spent}, expect=200)
    laptop.tokens = rotated
    bystander = await _socket(node_a, await sign_in(node_a.client, "tom"))
    watching = await _socket(node_b, laptop)

    await laptop.post("/api/auth/refresh", {"refresh_token": spent}, expect=401)  # theft: family revoked
    assert await watching.closed(3) == 4001
    await _still_open(bystander)


@pytest.mark.parametrize("redis_url", [None])
async def test_a_sign_out_missed_by_the_bus_still_closes_the_socket_at_the_next_heartbeat(make_node, redis_url):
    node = await make_node(redis_url=redis_url, options={"heartbeat_s": 0.3})
    laptop = await sign_in(node.client, "tom")
    live = await _socket(node, laptop)
    await node.app[POOL].execute("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1::uuid",
                                   laptop.id)  # revoked behind the hub's back: no hook ran
    assert await live.closed(3) == 4001
