"""Typed routes: one declaration gives validation, authentication and the OpenAPI entry.

A handler receives a `Call` (the parsed body, query, path ids and the signed-in user) and
returns a pydantic model, a dict/list, or a `web.Response`.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from uuid import UUID

from aiohttp import web
from pydantic import BaseModel, ValidationError

from server.auth import AuthUser
from server.errors import ApiError, validation_details
from server.keys import BUS, POOL
from store.unit import Unit, unit_of_work

B = TypeVar("B", bound=BaseModel)
Q = TypeVar("Q", bound=BaseModel)

_PARAM = re.compile(r"{(\w+)}")
MAX_JSON_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 64  # arrays and objects; JSON metadata never needs more, encoders overflow near 300


@asynccontextmanager
async def changes(call: Call[Any, Any], command_id: UUID | None = None) -> AsyncIterator[Unit]:
    """A unit of work done by the caller (audited under `command_id` when it belongs to a command); once it
    commits, its events go on the bus."""
    async with unit_of_work(call.app[POOL], call.user.id, command_id) as uow:
        yield uow
    await call.app[BUS].publish(uow.events)


@dataclass
class Call(Generic[B, Q]):
    request: web.Request
    signed_in: AuthUser | None  # None on public routes (auth=False)
    body: B
    query: Q
    ids: dict[str, UUID]
    numbers: dict[str, int] = field(default_factory=dict)  # path parameters not named *_id: whole numbers

    @property
    def user(self) -> AuthUser:
        """The signed-in user; a public route has none and must not ask."""
        if self.signed_in is None:
            raise RuntimeError("call.user on a public route (auth=False)")
        return self.signed_in

    @property
    def app(self) -> web.Application:
        return self.request.app


Handler = Callable[[Call[Any, Any]], Awaitable[Any]]


@dataclass
class Route:
    method: str
    path: str
    handler: Handler
    summary: str
    tags: tuple[str, ...]
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: Any = None
    status: int = 200
    auth: bool = True
    roles: tuple[str, ...] = ()
    errors: tuple[int, ...] = ()
    raw_body: str | None = None  # content type when the handler reads the body itself
    path_params: list[str] = field(default_factory=list)


class _Empty(BaseModel):
    pass


class Api:
    """A collection of routes that can be mounted on an aiohttp app and described as OpenAPI."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(
        self,
        method: str,
        path: str,
        *,
        summary: str,
        tags: Sequence[str] = (),
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        response: Any = None,
        status: int = 200,
        auth: bool = True,
        roles: Sequence[str] = (),
        errors: Sequence[int] = (),
        raw_body: str | None = None,
    ) -> Callable[[Handler], Handler]:
        def register(fn: Handler) -> Handler:
            self.routes.append(
                Route(method.upper(), path, fn, summary, tuple(tags), body, query, response, status, auth,
                      tuple(roles), tuple(errors), raw_body, _PARAM.findall(path))
            )
            return fn

        return register

    def include(self, other: Api) -> None:
        self.routes.extend(other.routes)

    def mount(self, app: web.Application, authenticate: Callable[[web.Request], Awaitable[AuthUser]]) -> None:
        for route in self.routes:
            app.router.add_route(route.method, route.path, _wrap(route, authenticate))


async def read_body(request: web.Request, limit: int) -> bytes:
    """The whole request body, however many reads it arrives in (Content-Length or chunked); 413 as
    soon as it passes `limit` bytes, so no more than that is ever buffered."""
    too_large = ApiError(413, "payload_too_large", f"JSON bodies are limited to {limit} bytes", {"limit": limit})
    if request.content_length is not None and request.content_length > limit:
        raise too_large
    parts: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_any():
        size += len(chunk)
        if size > limit:
            raise too_large
        parts.append(chunk)
    return b"".join(parts)


async def read_json(request: web.Request) -> Any:
    raw = await read_body(request, MAX_JSON_BYTES)
    if not raw.strip():
        return {}
    too_deep = ApiError(400, "json_too_deep", f"JSON bodies may nest at most {MAX_JSON_DEPTH} levels deep")
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "invalid_json", f"The body is not valid JSON: {exc}") from None
    except RecursionError:  # nesting so deep the parser itself gives up
        raise too_deep from None
    if not _within_depth(value, MAX_JSON_DEPTH):  # deeper values would overflow encoders further on
        raise too_deep
    return value


def _within_depth(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


def _parse(model: type[BaseModel], data: Any, where: str) -> BaseModel:
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_input", f"The {where} must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(422, "invalid_input", f"The {where} does not match the expected shape",
                       validation_details(exc)) from None


def _query_dict(request: web.Request, model: type[BaseModel]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in request.query:
        values = request.query.getall(key)
        info = model.model_fields.get(key)
        is_list = info is not None and "list" in str(info.annotation)
        out[key] = values if is_list else values[-1]
    return out


def _wrap(route: Route, authenticate: Callable[[web.Request], Awaitable[AuthUser]],
          ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        user: AuthUser | None = None
        if route.auth:
            user = await authenticate(request)
            if route.roles and user.role not in route.roles:
                raise ApiError(403, "forbidden", f"This needs the role {' or '.join(route.roles)}",
                               {"your_role": user.role})
        ids: dict[str, UUID] = {}
        numbers: dict[str, int] = {}
        for name in route.path_params:
            raw = request.match_info[name]
            try:
                if name.endswith("_id"):
                    ids[name] = UUID(raw)
                elif raw.isascii() and raw.isdigit() and len(raw) <= 9:
                    numbers[name] = int(raw)
                else:
                    raise ValueError(raw)
            except ValueError:
                raise ApiError(404, "not_found", f"No such {name.removesuffix('_id')}: {raw[:64]!r}") from None
        body: BaseModel = _Empty()
        if route.body is not None:
            body = _parse(route.body, await read_json(request), "body")
        query: BaseModel = _Empty()
        if route.query is not None:
            query = _parse(route.query, _query_dict(request, route.query), "query string")
        result = await route.handler(Call(request, user, body, query, ids, numbers))
        if isinstance(result, web.StreamResponse):
            return result
        if result is None:
            return web.Response(status=204 if route.status in (200, 204) else route.status)
        return json_response(result, route.status)

    handle.__name__ = route.handler.__name__
    return handle


def dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    return value


def json_response(value: Any, status: int = 200) -> web.Response:
    return web.Response(status=status, text=json.dumps(dump(value), default=str), content_type="application/json")


# --- OpenAPI -------------------------------------------------------------------------------

_ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                           "details": {"type": "object"}},
        }
    },
}


def _schema_ref(model: Any, components: dict[str, Any]) -> dict[str, Any]:
    from pydantic import TypeAdapter

    schema = TypeAdapter(model).json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in schema.pop("$defs", {}).items():
        components[name] = sub
    if isinstance(model, type) and issubclass(model, BaseModel):
        # OpenAPI component names allow only [A-Za-z0-9._-]; generics are named like `Page[UserOut]`.
        name = re.sub(r"[^A-Za-z0-9._-]", "_", model.__name__)
        components[name] = schema
        return {"$ref": f"#/components/schemas/{name}"}
    return schema


def openapi(api: Api, title: str, version: str) -> dict[str, Any]:
    components: dict[str, Any] = {"Error": _ERROR_SCHEMA}
    paths: dict[str, Any] = {}
    for route in api.routes:
        op: dict[str, Any] = {"summary": route.summary, "tags": list(route.tags),
                              "operationId": route.handler.__name__}
        params: list[dict[str, Any]] = [
            {"name": p, "in": "path", "required": True,
             "schema": {"type": "string", "format": "uuid"} if p.endswith("_id") else {"type": "integer", "minimum": 0}}
            for p in route.path_params
        ]
        if route.query is not None:
            qschema = route.query.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(qschema.pop("$defs", {}))
            required = set(qschema.get("required", []))
            for name, prop in qschema.get("properties", {}).items():
                params.append({"name": name, "in": "query", "required": name in required, "schema": prop})
        if params:
            op["parameters"] = params
        if route.body is not None:
            op["requestBody"] = {"required": True,
                                 "content": {"application/json": {"schema": _schema_ref(route.body, components)}}}
        elif route.raw_body:
            op["requestBody"] = {"required": True, "content": {route.raw_body: {"schema": {"type": "object"}}}}
        responses: dict[str, Any] = {}
        if route.response is not None:
            responses[str(route.status)] = {
                "description": "OK", "content": {"application/json": {"schema": _schema_ref(route.response, components)}}
            }
        else:
            responses["204" if route.status == 200 else str(route.status)] = {"description": "No content"}
        codes = set(route.errors) | {422}
        if route.body is not None or route.raw_body:
            codes |= {400, 413}  # malformed or too deeply nested JSON; too large a body
        if route.query is not None:
            codes |= {400}  # a cursor this server did not issue
        if route.path_params:
            codes |= {404}  # an id that is not a UUID, or names nothing the caller may see
        if route.auth:
            codes |= {401, 429}
            op["security"] = [{"bearer": []}]
        for code in sorted(codes):
            responses[str(code)] = {"description": "Error",
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        op["responses"] = responses
        paths.setdefault(route.path, {})[route.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
    }
