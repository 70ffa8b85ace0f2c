"""The aiohttp application factory: wires settings, database, bus and routes. No globals."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

import asyncpg
from aiohttp import web

from server import live, metrics, voice
from server.auth import TokenService, authenticate, hash_password
from server.bus import InProcessBus
from server.errors import error_middleware
from server.http import Api, json_response, openapi
from server.ratelimit import RateLimiter
from server.settings import Settings
from store import db

log = logging.getLogger(__name__)
VERSION = "0.1.0"


def build_api() -> Api:
    """Every REST route of the product, in one registry (also the OpenAPI source)."""
    from server.api import (
        auth,
        categories,
        channels,
        commands,
        messages,
        notifications,
        resources,
        search,
        tasks,
    )
    from server.api import users as users_api

    root = Api()
    for module in (auth, users_api, categories, channels, tasks, resources, messages, notifications, commands,
                   search, voice):
        root.include(module.api)
    return root


async def _open_database(app: web.Application) -> None:
    settings: Settings = app["settings"]
    if app.get("pool") is None:
        dsn = settings.database_url
        if dsn is None:
            embedded = db.EmbeddedPostgres(settings.data_dir)
            app["embedded_pg"] = embedded
            dsn = await db.ensure_database(embedded.start(), "voicedesk")
            app["seed_demo"] = True
        app["pool"] = await db.create_pool(dsn)
        app["owns_pool"] = True
    async with app["pool"].acquire() as conn:
        await db.migrate(conn)
    if app.get("seed_demo") or settings.seed_demo:
        from store import demo

        await demo.seed(app["pool"], app["hash_password"](settings.demo_password))


async def _close_database(app: web.Application) -> None:
    if app.get("owns_pool"):
        await app["pool"].close()
    embedded = app.get("embedded_pg")
    if embedded is not None:
        embedded.stop()


async def _open_bus(app: web.Application) -> None:
    settings: Settings = app["settings"]
    redis = None
    if settings.redis_url:
        import redis.asyncio as aioredis

        redis = aioredis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    app["redis"] = redis
    app["limiter"] = RateLimiter(settings.rate_limit_per_minute, redis)
    if app.get("bus") is None:
        if redis is not None:
            from server.redis_bus import RedisBus

            app["bus"] = RedisBus(redis, app["pool"])
        else:
            app["bus"] = InProcessBus()
    await app["bus"].start()
    from server.commands import CommandService

    llm = None
    if settings.openai_api_key and settings.llm_mode != "off":
        import openai

        llm = openai.AsyncOpenAI(api_key=settings.openai_api_key, base_url=settings.openai_base_url, max_retries=0)
    app["commands"] = CommandService(app["pool"], settings, app["bus"].publish, llm)


async def _close_bus(app: web.Application) -> None:
    await app["bus"].close()
    if app.get("redis") is not None:
        await app["redis"].aclose()


async def healthz(request: web.Request) -> web.Response:
    app = request.app
    status: dict[str, Any] = {"status": "ok", "version": VERSION}
    try:
        await app["pool"].fetchval("SELECT 1")
        status["database"] = "ok"
    except (asyncpg.PostgresError, OSError, asyncpg.InterfaceError) as exc:
        status["database"] = f"down: {type(exc).__name__}"
        status["status"] = "down"
    bus_state = await app["bus"].health()
    status["bus"] = {"kind": app["bus"].name, "state": bus_state}
    if bus_state != "ok" and status["status"] == "ok":
        status["status"] = "degraded"
    return json_response(status, 200 if status["status"] != "down" else 503)


def _web_dir() -> Path:
    return Path(str(resources.files("web")))


def create_app(
    settings: Settings, *, pool: asyncpg.Pool | None = None, bus: Any = None, recognizer: Any = None,
    multilingual_recognizer: Any = None, preload_model: bool = False,
) -> web.Application:
    """Build the app. Tests pass their own pool, bus and speech recogniser; `serve` opens its own."""
    settings = settings.with_secret()
    app = web.Application(middlewares=[error_middleware], client_max_size=settings.max_upload_bytes + 65536)
    app["settings"] = settings
    app["pool"] = pool
    app["bus"] = bus
    app["tokens"] = TokenService(settings.jwt_secret, settings.access_token_ttl_s, settings.refresh_token_ttl_s)
    app["hash_password"] = hash_password
    app.on_startup.append(_open_database)
    app.on_startup.append(_open_bus)
    app.on_cleanup.append(_close_bus)
    app.on_cleanup.append(_close_database)

    root = build_api()
    app["api"] = root
    root.mount(app, authenticate)
    spec = openapi(root, "voicedesk", VERSION)

    async def openapi_json(_: web.Request) -> web.Response:
        return json_response(spec)

    app.router.add_get("/api/openapi.json", openapi_json)
    app["preload_model"] = preload_model
    metrics.setup(app)
    voice.setup(app, recognizer, multilingual_recognizer)
    app.router.add_get("/healthz", healthz)
    live.setup(app)  # /api/live, /api/presence, the live hub and the reminder scheduler
    web_dir = _web_dir()

    async def page(request: web.Request) -> web.FileResponse:
        name = request.match_info.get("page") or "index"
        path = web_dir / f"{name}.html"
        if not path.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    app.router.add_get("/", page)
    app.router.add_get("/api/docs", lambda r: web.FileResponse(web_dir / "docs.html"))
    app.router.add_get("/{page:(console|board|dashboard|login|docs)}", page)
    app.router.add_static("/static/", web_dir, show_index=False)
    return app
