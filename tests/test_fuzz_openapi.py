"""Property test: whatever arrives at any route of the OpenAPI spec, the answer is never a 5xx, and
every error is `{"error": {"code", "message", "details"}}` JSON.

Routes come from `/api/openapi.json`, so routes added later are covered without touching this file.
Hypothesis drives each route from a worker thread; requests run on the test's event loop.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

import asyncpg
import hypothesis.strategies as st
from aiohttp import web
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings

from server.app import create_app
from server.bus import InProcessBus
from server.errors import error_middleware
from tests.conftest import DEMO_PASSWORD

EXAMPLES_PER_ROUTE = 25
JsonValue = Any

# --- strategies -----------------------------------------------------------------------------

_scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-(2**70), max_value=2**70)
            | st.floats(allow_nan=False) | st.text(max_size=30))
junk: st.SearchStrategy[JsonValue] = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
huge_text = st.builds(lambda ch, n: ch * n, st.sampled_from(["x", "é", "\u0000", "𝄞", " "]),
                      st.sampled_from([300, 5001, 100_000]))
nasty_text = st.sampled_from(["", " ", "\u0000", "null", "' OR 1=1 --", "%", "_", "\\", "𝄞", "\ud800x"[1:],
                              "<script>", "${x}", "../../etc/passwd", "0", "-1", "1e999", "NaN", "true"])


def _deep(depth: int) -> JsonValue:
    value: JsonValue = "bottom"
    for _ in range(depth):
        value = {"a": value}
    return value


deep_values = st.sampled_from([30, 63, 64, 65, 300, 900]).map(_deep)


@dataclass
class Spec:
    components: dict[str, Any]
    known_ids: dict[str, list[str]]  # table -> ids of rows in it

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.components[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def ids(self, param: str | None = None) -> st.SearchStrategy[str]:
        """Real ids (of the table a `<thing>_id` parameter names, when there is one) or random UUIDs."""
        everything = sorted(i for ids in self.known_ids.values() for i in ids)
        anything = st.sampled_from(everything) | st.uuids().map(str)
        stem = (param or "").removesuffix("_id")
        plural = stem[:-1] + "ies" if stem.endswith("y") else stem + "s"
        tables = [t for t in self.known_ids if stem and (t == plural or t.endswith("_" + plural))]
        own = sorted(i for t in tables for i in self.known_ids[t])
        return st.sampled_from(own) | st.sampled_from(own) | anything if own else anything

    def value(self, schema: dict[str, Any], depth: int = 0, name: str | None = None) -> st.SearchStrategy[JsonValue]:
        """Mostly plausible values for `schema`, with edge cases and sometimes the wrong type."""
        schema = self.resolve(schema)
        wrong = junk | huge_text | nasty_text
        if depth > 3:
            return junk
        for key in ("anyOf", "oneOf", "allOf"):
            if key in schema:
                return st.one_of([self.value(s, depth + 1, name) for s in schema[key]])
        if "enum" in schema:
            return st.sampled_from(schema["enum"]) | wrong
        if "const" in schema:
            return st.just(schema["const"]) | wrong
        kind = schema.get("type")
        if kind == "string":
            fmt = schema.get("format")
            if fmt == "uuid":
                return self.ids(name) | wrong
            if fmt in ("date-time", "date"):
                return st.datetimes().map(lambda d: d.isoformat()) | st.dates().map(str) | wrong
            limit = int(schema.get("maxLength", 40))
            return st.text(max_size=min(limit, 60)) | st.just("z" * (limit + 1)) | nasty_text | huge_text | junk
        if kind == "integer":
            lo, hi = schema.get("minimum", -5), schema.get("maximum", 500)
            return st.integers(lo - 1, hi + 1) | st.integers() | wrong
        if kind == "number":
            return st.floats(allow_nan=False) | st.integers() | wrong
        if kind == "boolean":
            return st.booleans() | wrong
        if kind == "array":
            item_name = name.removesuffix("s") if name else None  # user_ids -> user_id
            return st.lists(self.value(schema.get("items", {}), depth + 1, item_name), max_size=4) | wrong
        if kind == "object":
            return self.obj(schema, depth + 1) | deep_values | wrong
        return junk | deep_values

    def obj(self, schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[JsonValue]:
        schema = self.resolve(schema)
        props = schema.get("properties") or {}
        if not props:
            return st.dictionaries(st.text(max_size=10), junk, max_size=5)
        required = [k for k in schema.get("required", []) if k in props]
        fields = {k: self.value(v, depth, k) for k, v in props.items()}
        well_formed = st.fixed_dictionaries({k: fields[k] for k in required},
                                            optional={k: s for k, s in fields.items() if k not in required})
        mangled = st.fixed_dictionaries({}, optional={**fields, "unexpected": junk})
        return well_formed | mangled

    def body(self, op: dict[str, Any]) -> st.SearchStrategy[tuple[str, bytes]]:
        """(content type, raw bytes) for the route's request body."""
        content = (op.get("requestBody") or {}).get("content") or {}
        raw_junk = st.sampled_from([b"{", b'{"a":', b"[" * 5000, b"[" * 200_000, b"\xff\xfe\x00", b"nul", b"{}}",
                                    b'{"a": NaN}', b"1" * 5000, b'"' + b"x" * 100_000 + b'"', b""])
        as_json = st.one_of(junk, huge_text, deep_values).map(lambda v: json.dumps(v).encode())
        if "application/json" in content:
            shaped = self.obj(content["application/json"]["schema"]).map(lambda v: json.dumps(v).encode())
            return st.tuples(st.just("application/json"), shaped | shaped | as_json | raw_junk)
        if content:  # a raw body the handler reads itself (uploads)
            ctype = next(iter(content))
            junk_bytes = st.binary(max_size=2000) | raw_junk
            return st.tuples(st.sampled_from([ctype, "application/octet-stream", "multipart/form-data; boundary=x",
                                              "text/plain"]), junk_bytes)
        return st.tuples(st.sampled_from(["application/json", "text/plain"]), raw_junk | as_json)

    def query(self, op: dict[str, Any]) -> st.SearchStrategy[list[tuple[str, str]]]:
        params = [p for p in op.get("parameters", []) if p["in"] == "query"]
        forged_cursor = st.one_of(junk, deep_values.map(lambda v: [v])).map(
            lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()[:300]).decode().rstrip("="))
        text_value = st.text(max_size=60) | nasty_text | st.just("q" * 1000) | forged_cursor
        pairs = [st.tuples(st.just(p["name"]), self.value(p["schema"], name=p["name"]).map(_as_query) | text_value) for p in params]
        text_value = text_value.map(_fit)
        garbage = st.tuples(st.text(min_size=1, max_size=10), text_value)
        return st.lists(st.one_of([*pairs, garbage]) if pairs else garbage, max_size=4)

    def path_value(self, param: str) -> st.SearchStrategy[str]:
        garbage = st.text(min_size=1, max_size=40) | nasty_text.filter(bool) | st.just("9" * 500)
        return self.ids(param) | self.ids(param) | garbage.map(lambda s: quote(s, safe=""))


def _fit(value: str) -> str:
    """Keep a query value under 1.5 KiB once percent-encoded: aiohttp's parser answers request lines
    over 8 KiB itself, in plain text, before the app sees them."""
    while len(quote(value, safe="")) > 1500:
        value = value[: len(value) // 2]
    return value


def _as_query(value: JsonValue) -> str:
    if isinstance(value, str):
        return _fit(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return _fit(json.dumps(value))


# --- the property ---------------------------------------------------------------------------


def check_answer(where: str, status: int, content_type: str, text: str | None) -> None:
    assert status < 500, f"{where} -> {status}: {(text or '')[:300]}"
    if status < 400:
        return
    assert content_type == "application/json", f"{where} -> {status} {content_type}: {(text or '')[:200]}"
    body = json.loads(text or "")
    assert isinstance(body, dict) and set(body) == {"error"}, f"{where} -> {body}"
    error = body["error"]
    assert isinstance(error, dict) and set(error) == {"code", "message", "details"}, f"{where} -> {body}"
    assert isinstance(error["code"], str) and error["code"], f"{where} -> {body}"
    assert isinstance(error["message"], str) and error["message"], f"{where} -> {body}"
    assert isinstance(error["details"], dict), f"{where} -> {body}"


async def _known_ids(pool: Any) -> dict[str, list[str]]:
    tables = [r["table_name"] for r in await pool.fetch(
        """SELECT table_name FROM information_schema.columns
           WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid'""")]
    ids = {t: [str(r["id"]) for r in await pool.fetch(f'SELECT id FROM "{t}" ORDER BY id LIMIT 30')] for t in tables}
    return {t: v for t, v in ids.items() if v}


async def _restore_people(pool: Any) -> None:
    """Undo what an earlier route's examples did to the two callers, so every route is reached signed in."""
    await pool.execute("UPDATE users SET is_active = true")
    await pool.execute("UPDATE users SET role = 'ceo' WHERE email = 'alex@example.com'")
    await pool.execute("UPDATE users SET role = 'staff' WHERE email = 'mike@example.com'")


async def test_no_input_to_any_route_gives_a_5xx_or_a_malformed_error(settings, pool, aiohttp_client):
    app = create_app(replace(settings, rate_limit_per_minute=10**7), pool=pool, bus=InProcessBus())
    client = await aiohttp_client(app)
    spec_json = await (await client.get("/api/openapi.json")).json()
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for first_name in ("mike", "alex"):
        resp = await client.post("/api/auth/login",
                                 json={"email": f"{first_name}@example.com", "password": DEMO_PASSWORD})
        assert resp.status == 200
        headers[first_name] = {"Authorization": f"Bearer {(await resp.json())['access_token']}"}
    spec = Spec(spec_json["components"]["schemas"], await _known_ids(pool))
    loop = asyncio.get_running_loop()

    async def send(method: str, url: str, who: str, query: list[tuple[str, str]], ctype: str,
                   raw: bytes) -> tuple[int, str, str | None]:
        resp = await client.request(method, url, params=query, data=raw,
                                    headers={**headers[who], "Content-Type": ctype})
        try:
            text = await asyncio.wait_for(resp.text(errors="replace"), 20) \
                if resp.content_type == "application/json" or resp.status >= 400 else None
        finally:
            resp.release()
        return resp.status, resp.content_type, text

    operations = [(path, method.upper(), op) for path, methods in spec_json["paths"].items()
                  for method, op in methods.items()]
    assert len(operations) >= 20
    failures: list[str] = []
    started = time.monotonic()
    def property_for(path: str, method: str, op: dict[str, Any]) -> Any:
        path_params = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
        callers = ["mike", "alex"] if "security" in op else ["anonymous"]

        @hyp_settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
        @given(who=st.sampled_from(callers),
               ids=st.fixed_dictionaries({name: spec.path_value(name) for name in path_params}),
               query=spec.query(op), body=spec.body(op))
        def property_holds(who: str, ids: dict[str, str], query: list[tuple[str, str]],
                           body: tuple[str, bytes]) -> None:
            url = path
            for name, value in ids.items():
                url = url.replace("{" + name + "}", value)
            future = asyncio.run_coroutine_threadsafe(send(method, url, who, query, *body), loop)
            status, content_type, text = future.result(timeout=60)
            check_answer(f"{method} {url} as {who}", status, content_type, text)

        return property_holds

    for path, method, op in operations:
        await _restore_people(pool)
        try:
            await asyncio.to_thread(property_for(path, method, op))
        except Exception as exc:
            example = "\n".join(getattr(exc, "__notes__", []))
            failures.append(f"{method} {path}: {str(exc)[:600]}\n{example[:800]}")
    elapsed = time.monotonic() - started
    assert not failures, f"{len(failures)} routes broke their contract:\n" + "\n\n".join(failures)
    assert elapsed < 600


async def test_absurdly_nested_json_is_refused_on_every_route(as_user, client):
    alex = await as_user("alex")
    spec = await (await client.get("/api/openapi.json")).json()
    checked = 0
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            content = (op.get("requestBody") or {}).get("content") or {}
            if "application/json" not in content:
                continue
            url = path
            for param in op.get("parameters", []):
                if param["in"] == "path":
                    url = url.replace("{" + param["name"] + "}", str(uuid.uuid4()))
            for raw in (b"[" * 100_000, json.dumps({"metadata": _deep(300)}).encode()):
                resp = await client.request(method.upper(), url, data=raw,
                                            headers={**alex.headers, "Content-Type": "application/json"})
                text = await resp.text()
                check_answer(f"{method.upper()} {path}", resp.status, resp.content_type, text)
                assert resp.status == 400 and json.loads(text)["error"]["code"] == "json_too_deep", (path, text)
            checked += 1
    assert checked >= 10


async def test_unknown_paths_and_methods_answer_json_errors(client):
    for method, path in (("GET", "/api/nowhere"), ("DELETE", "/api/openapi.json"), ("PUT", "/api/channels"),
                         ("GET", f"/api/channels/{uuid.uuid4()}/nothing")):
        resp = await client.request(method, path)
        check_answer(f"{method} {path}", resp.status, resp.content_type, await resp.text())
        assert resp.status in (404, 405)


async def test_the_spec_is_openapi_3_1_and_every_reference_resolves(client):
    spec = await (await client.get("/api/openapi.json")).json()
    assert spec["openapi"] == "3.1.0"
    schemas = spec["components"]["schemas"]
    assert all(all(ch.isalnum() or ch in "._-" for ch in name) for name in schemas), list(schemas)
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    assert refs
    dangling = {r for r in refs if not r.startswith("#/components/schemas/") or r.rsplit("/", 1)[-1] not in schemas}
    assert dangling == set()
    for methods in spec["paths"].values():
        for op in methods.values():
            assert op["operationId"] and op["responses"]
            for code, response in op["responses"].items():
                if int(code) >= 400:
                    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


async def test_database_refusals_caused_by_input_are_4xx_not_5xx(pool, aiohttp_client):
    async def too_big_for_int8(_: web.Request) -> web.Response:
        await pool.fetchval("SELECT $1::int8", 2**70)  # asyncpg refuses to encode it client-side
        return web.Response()

    async def raises(exc: Exception) -> Any:
        async def handler(_: web.Request) -> web.Response:
            raise exc
        return handler

    app = web.Application(middlewares=[error_middleware])
    app.router.add_get("/int8", too_big_for_int8)
    app.router.add_get("/limit", await raises(asyncpg.ProgramLimitExceededError("index row size exceeds maximum")))
    app.router.add_get("/restrict", await raises(asyncpg.RestrictViolationError("still referenced")))
    app.router.add_get("/down", await raises(ConnectionRefusedError("no database")))
    client = await aiohttp_client(app)
    for path, status, code in (("/int8", 422, "invalid_value"), ("/limit", 422, "value_too_large"),
                               ("/restrict", 409, "conflict"), ("/down", 503, "unavailable")):
        resp = await client.get(path)
        body = await resp.json()
        assert (resp.status, body["error"]["code"]) == (status, code), (path, body)
        assert set(body["error"]) == {"code", "message", "details"}
