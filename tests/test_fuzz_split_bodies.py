"""Property test: every route of the OpenAPI spec, sent its body split at random byte offsets over
several TCP writes (with Content-Length and chunked), and malformed multipart uploads: never a 5xx,
always a well-formed JSON error; and a valid body split this way is accepted exactly like the whole one.

Requests go over a raw socket to the app served on 127.0.0.1 (tests/rawhttp.py), so each piece
arrives in its own read, as from a slow network or a proxy.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import replace
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hyp_settings

from server.app import create_app
from server.bus import InProcessBus
from server.keys import TOKENS
from tests.conftest import DEMO_PASSWORD
from tests.rawhttp import MALFORMED_MULTIPART, RawResponse, request_bytes, send_in_pieces
from tests.test_fuzz_openapi import Spec, _known_ids, _restore_people, check_answer

EXAMPLES_PER_ROUTE = 8
fractions = st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=6)


def offsets(fracs: list[float], start: int, end: int) -> list[int]:
    """Byte offsets in [start, end) from fractions of that span."""
    return sorted({start + int(f * max(end - start - 1, 0)) for f in fracs})


def split_request(method: str, path: str, body: bytes, content_type: str | None, headers: dict[str, str],
                  use_chunked: bool, cut_fracs: list[float], chunk_fracs: list[float]) -> tuple[bytes, list[int]]:
    """The request's bytes and where to cut them: mostly inside the body, sometimes in the head."""
    wire = request_bytes(method, path, body, content_type=content_type, headers=headers,
                         chunk_cuts=offsets(chunk_fracs, 1, len(body)) if use_chunked else None)
    body_start = wire.index(b"\r\n\r\n") + 4
    cuts = offsets(cut_fracs, body_start, len(wire))
    cuts.append(int(cut_fracs[0] * body_start))  # one cut in the head too
    return wire, cuts


async def served(settings: Any, pool: Any, aiohttp_client: Any) -> tuple[Any, int]:
    app = create_app(replace(settings, rate_limit_per_minute=10**7), pool=pool, bus=InProcessBus())
    client = await aiohttp_client(app)
    return client, int(client.server.port)


async def bearer(pool: Any, client: Any, first_name: str) -> dict[str, str]:
    """A token minted directly (no sign-in family), so a fuzzed logout cannot end it and signing in
    over and over does not run into the sign-in throttle."""
    row = await pool.fetchrow("SELECT id, role::text AS role FROM users WHERE email = $1",
                              f"{first_name}@example.com")
    return {"Authorization": f"Bearer {client.app[TOKENS].access_token(row['id'], row['role'])}"}


def answer_of(resp: RawResponse) -> tuple[int, str, str]:
    return resp.status, resp.content_type, resp.body.decode("utf-8", "replace")


multipart_junk = st.sampled_from(MALFORMED_MULTIPART) | st.binary(max_size=300).map(lambda b: b"--xx\r\n" + b)


async def test_no_route_gives_a_5xx_when_its_body_arrives_in_pieces(settings, pool, aiohttp_client):
    client, port = await served(settings, pool, aiohttp_client)
    spec_json = await (await client.get("/api/openapi.json")).json()
    headers = {"anonymous": {}, "mike": await bearer(pool, client, "mike"), "alex": await bearer(pool, client, "alex")}
    spec = Spec(spec_json["components"]["schemas"], await _known_ids(pool))
    loop = asyncio.get_running_loop()
    operations = [(path, method.upper(), op) for path, methods in spec_json["paths"].items()
                  for method, op in methods.items()]
    assert len(operations) >= 20

    def property_for(path: str, method: str, op: dict[str, Any]) -> Any:
        path_params = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
        callers = ["mike", "alex"] if "security" in op else ["anonymous"]
        bodies = spec.body(op)
        if "multipart/form-data" in ((op.get("requestBody") or {}).get("content") or {}):
            bodies = bodies | st.tuples(st.just("multipart/form-data; boundary=xx"), multipart_junk)

        @hyp_settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
        @given(who=st.sampled_from(callers), ids=st.fixed_dictionaries({n: spec.ids(n) for n in path_params}),
               body=bodies, use_chunked=st.booleans(), cut_fracs=fractions, chunk_fracs=fractions)
        def property_holds(who: str, ids: dict[str, str], body: tuple[str, bytes], use_chunked: bool,
                           cut_fracs: list[float], chunk_fracs: list[float]) -> None:
            url = path
            for name, value in ids.items():
                url = url.replace("{" + name + "}", value)
            ctype, raw = body
            wire, cuts = split_request(method, url, raw, ctype, headers[who], use_chunked, cut_fracs, chunk_fracs)
            resp = asyncio.run_coroutine_threadsafe(send_in_pieces(port, wire, cuts, pause_s=0.002), loop)
            where = f"{method} {url} as {who} ({'chunked' if use_chunked else 'length'}, cuts {cuts})"
            check_answer(where, *answer_of(resp.result(timeout=60)))

        return property_holds

    failures: list[str] = []
    started = time.monotonic()
    for path, method, op in operations:
        await _restore_people(pool)
        try:
            await asyncio.to_thread(property_for(path, method, op))
        except Exception as exc:
            example = "\n".join(getattr(exc, "__notes__", []))
            failures.append(f"{method} {path}: {str(exc)[:600]}\n{example[:800]}")
    assert not failures, f"{len(failures)} routes broke their contract:\n" + "\n\n".join(failures)
    assert time.monotonic() - started < 600


async def test_malformed_multipart_in_pieces_is_a_4xx_json_error(settings, pool, aiohttp_client):
    client, port = await served(settings, pool, aiohttp_client)
    alex = await bearer(pool, client, "alex")
    loop = asyncio.get_running_loop()

    @hyp_settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(body=multipart_junk, boundary=st.sampled_from(["xx", "xx", '"xx"', "", "y" * 80]),
           use_chunked=st.booleans(), cut_fracs=fractions, chunk_fracs=fractions)
    def property_holds(body: bytes, boundary: str, use_chunked: bool, cut_fracs: list[float],
                       chunk_fracs: list[float]) -> None:
        ctype = f"multipart/form-data; boundary={boundary}"
        wire, cuts = split_request("POST", "/api/resources", body, ctype, alex, use_chunked, cut_fracs, chunk_fracs)
        resp = asyncio.run_coroutine_threadsafe(send_in_pieces(port, wire, cuts, pause_s=0.002), loop)
        status, content_type, text = answer_of(resp.result(timeout=60))
        check_answer(f"upload {body[:60]!r} boundary={boundary!r} cuts {cuts}", status, content_type, text)
        assert status in (400, 422), (body, boundary, status, text)

    await asyncio.to_thread(property_holds)
    for body in MALFORMED_MULTIPART[:6]:  # each of the kind, whole: a 400 that says so
        resp = await send_in_pieces(port, request_bytes("POST", "/api/resources", body, headers=alex,
                                                        content_type="multipart/form-data; boundary=xx"), [])
        assert resp.status == 400 and resp.json()["error"]["code"] == "invalid_multipart", (body, resp.body)


async def test_a_valid_body_in_pieces_is_accepted_like_the_whole_one(settings, pool, aiohttp_client):
    client, port = await served(settings, pool, aiohttp_client)
    alex = await bearer(pool, client, "alex")
    loop = asyncio.get_running_loop()
    login_body = json.dumps({"email": "sarah@example.com", "password": DEMO_PASSWORD}).encode()
    whole = await send_in_pieces(port, request_bytes("POST", "/api/auth/login", login_body), [])
    assert whole.status == 200, whole.body

    seen = {"logins": 0, "tasks": 0, "uploads": 0}

    printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)

    @hyp_settings(max_examples=24, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(kind=st.sampled_from(["login", "task", "task", "upload"]), use_chunked=st.booleans(),
           cut_fracs=fractions, chunk_fracs=fractions, text=printable, padding=st.sampled_from([0, 10, 5000, 70_000]))
    @example(kind="login", use_chunked=False, cut_fracs=[0.5], chunk_fracs=[0.5], text="x", padding=0)
    @example(kind="login", use_chunked=True, cut_fracs=[0.1, 0.9], chunk_fracs=[0.3], text="x", padding=0)
    @example(kind="task", use_chunked=True, cut_fracs=[0.2, 0.4, 0.6], chunk_fracs=[0.5], text="Q3 plan", padding=5000)
    @example(kind="upload", use_chunked=False, cut_fracs=[0.3, 0.7], chunk_fracs=[0.5], text="ab", padding=70_000)
    def property_holds(kind: str, use_chunked: bool, cut_fracs: list[float], chunk_fracs: list[float],
                       text: str, padding: int) -> None:
        def send(method: str, path: str, body: bytes, ctype: str, headers: dict[str, str]) -> RawResponse:
            wire, cuts = split_request(method, path, body, ctype, headers, use_chunked, cut_fracs, chunk_fracs)
            return asyncio.run_coroutine_threadsafe(send_in_pieces(port, wire, cuts, pause_s=0.002),
                                                    loop).result(timeout=60)

        if kind == "login":
            if seen["logins"] >= 8:  # the sign-in throttle allows 10 a minute per address and account
                return
            seen["logins"] += 1
            resp = send("POST", "/api/auth/login", login_body, "application/json", {})
            assert resp.status == 200, resp.body[:300]
            assert resp.json()["user"] == whole.json()["user"]
        elif kind == "task":
            seen["tasks"] += 1
            task = {"title": text, "description": "d" * min(padding, 5000)}  # descriptions stop at 10,000
            body = json.dumps(task).encode().replace(b"{", b"{" + b" " * padding, 1)  # big, still valid JSON
            unsplit = asyncio.run_coroutine_threadsafe(send_in_pieces(
                port, request_bytes("POST", "/api/tasks", body, headers=alex), []), loop).result(timeout=60)
            resp = send("POST", "/api/tasks", body, "application/json", alex)
            assert (resp.status, unsplit.status) == (201, 201), (resp.body[:300], unsplit.body[:300])
            same = ("title", "description", "status", "priority", "channel_id", "due_date")
            assert {k: resp.json().get(k) for k in same} == {k: unsplit.json().get(k) for k in same}
            assert resp.json()["description"] == task["description"]
        else:
            seen["uploads"] += 1
            content = (text * (padding // max(len(text), 1) + 1)).encode()[: padding + 1]
            body = (b"--xx\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nsplit upload\r\n"
                    b"--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.txt\"\r\n"
                    b"Content-Type: text/plain\r\n\r\n" + content + b"\r\n--xx--\r\n")
            resp = send("POST", "/api/resources", body, "multipart/form-data; boundary=xx", alex)
            assert resp.status == 201, resp.body[:300]
            made = resp.json()
            assert made["content_hash"] == hashlib.sha256(content).hexdigest()
            assert made["size_bytes"] == len(content) and made["name"] == "split upload"

    await asyncio.to_thread(property_holds)
    assert seen["tasks"] and seen["uploads"] and seen["logins"]
