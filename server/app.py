"""The aiohttp application factory: wires settings, database, bus and routes. No globals."""

from __future__ import annotations

import gc
import logging
from importlib import resources
from pathlib import Path
from typing import Any

import asyncpg
from aiohttp import web

from server import live, metrics, voice
from server.auth import TokenService, authenticate, hash_password
from server.bus import Bus, InProcessBus
from server.errors import error_middleware
from server.http import Api, json_response, openapi
from server.keys import (
    API,
    BUS,
    COMMANDS,
    EMBEDDED_PG,
    HASH_PASSWORD,
    LIMITER,
    OWNS_POOL,
    POOL,
    PRELOAD_MODEL,
    REDIS,
    SEED_DEMO,
    SETTINGS,
    TOKENS,
)
from server.ratelimit import RateLimiter
from server.settings import Settings
from store import db

log = logging.getLogger(__name__)
VERSION = "0.1.0"
DEMO_HISTORY_DAYS = 90  # the embedded first start adds this much demo history (store.demo_history)


def build_api() -> Api:
    """Every REST route of the product, in one registry (also the OpenAPI source)."""
    from server.api import (
        analytics,
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
                   search, analytics, voice):
        root.include(module.api)
    return root


async def _open_database(app: web.Application) -> None:
    settings: Settings = app[SETTINGS]
    if app.get(POOL) is None:
        dsn = settings.database_url
        if dsn is None:
            embedded = db.EmbeddedPostgres(settings.data_dir)
            app[EMBEDDED_PG] = embedded
            dsn = await db.ensure_database(embedded.start(), "voicedesk")
            app[SEED_DEMO] = True
        app[POOL] = await db.create_pool(dsn)
        app[OWNS_POOL] = True
    async with app[POOL].acquire() as conn:
        await db.migrate(conn)
    if app.get(SEED_DEMO) or settings.seed_demo:
        from store import demo, demo_history

        created = await demo.seed(app[POOL], app[HASH_PASSWORD](settings.demo_password))
        if created and app.get(EMBEDDED_PG) is not None:  # the laptop default: a demo with a past (issue 11)
            await demo_history.seed_history(app[POOL], days=DEMO_HISTORY_DAYS)


async def _close_database(app: web.Application) -> None:
    if app.get(OWNS_POOL):
        await app[POOL].close()
    embedded = app.get(EMBEDDED_PG)
    if embedded is not None:
        embedded.stop()


async def _open_bus(app: web.Application) -> None:
    settings: Settings = app[SETTINGS]
    redis = None
    if settings.redis_url:
        import redis.asyncio as aioredis

        redis = aioredis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    app[REDIS] = redis
    app[LIMITER] = RateLimiter(settings.rate_limit_per_minute, redis)
    if app.get(BUS) is None:
        if redis is not None:
            from server.redis_bus import RedisBus

            app[BUS] = RedisBus(redis, app[POOL])
        else:
            app[BUS] = InProcessBus()
    await app[BUS].start()
    from server.commands import CommandService

    llm = None
    if settings.openai_api_key and settings.llm_mode != "off":
        import openai

        llm = openai.AsyncOpenAI(api_key=settings.openai_api_key, base_url=settings.openai_base_url, max_retries=0)
    app[COMMANDS] = CommandService(app[POOL], settings, app[BUS].publish, llm)


async def _close_bus(app: web.Application) -> None:
    await app[BUS].close()
    redis = app.get(REDIS)
    if redis is not None:
        await redis.aclose()


async def healthz(request: web.Request) -> web.Response:
    app = request.app
    status: dict[str, Any] = {"status": "ok", "version": VERSION}
    try:
        await app[POOL].fetchval("SELECT 1")
        status["database"] = "ok"
    except (asyncpg.PostgresError, OSError, asyncpg.InterfaceError) as exc:
        status["database"] = f"down: {type(exc).__name__}"
        status["status"] = "down"
    bus_state = await app[BUS].health()
    status["bus"] = {"kind": app[BUS].name, "state": bus_state}
    if bus_state != "ok" and status["status"] == "ok":
        status["status"] = "degraded"
    return json_response(status, 200 if status["status"] != "down" else 503)


def _web_dir() -> Path:
    return Path(str(resources.files("web")))


GC_YOUNG_THRESHOLD = 10_000  # objects allocated between young collections (Python's default: 700)


async def settle_memory(_: web.Application | None = None) -> None:
    """For a long-running server, once start-up has loaded everything (the speech model, routes, the OpenAPI
    document, the pool): what start-up made is moved out of the cyclic collector's way (`gc.freeze`) and young
    objects are collected less often, so a request is not paused for a collection that walks every object
    start-up left behind. `voicedesk serve` runs it as its last start-up step (docs/analytics.md has the
    figures); tests, which build many apps in one process, do not."""
    gc.collect()
    gc.freeze()
    _young, middle, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, oldest)


def create_app(
    settings: Settings, *, pool: asyncpg.Pool | None = None, bus: Bus | None = None, recognizer: Any = None,
    multilingual_recognizer: Any = None, preload_model: bool = False,
) -> web.Application:
    """Build the app. Tests pass their own pool, bus and speech recogniser; `serve` opens its own."""
    settings = settings.with_secret()
    app = web.Application(middlewares=[error_middleware], client_max_size=settings.max_upload_bytes + 65536)
    app[SETTINGS] = settings
    if pool is not None:  # otherwise opened at start-up
        app[POOL] = pool
    if bus is not None:
        app[BUS] = bus
    app[TOKENS] = TokenService(settings.jwt_secret, settings.access_token_ttl_s, settings.refresh_token_ttl_s)
    app[HASH_PASSWORD] = hash_password
    app.on_startup.append(_open_database)
    app.on_startup.append(_open_bus)
    app.on_cleanup.append(_close_bus)
    app.on_cleanup.append(_close_database)

    root = build_api()
    app[API] = root
    root.mount(app, authenticate)
    spec = openapi(root, "voicedesk", VERSION)

    async def openapi_json(_: web.Request) -> web.Response:
        return json_response(spec)

    app.router.add_get("/api/openapi.json", openapi_json)
    app[PRELOAD_MODEL] = preload_model
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

    async def docs(_: web.Request) -> web.FileResponse:
        return web.FileResponse(web_dir / "docs.html")

    app.router.add_get("/api/docs", docs)
    app.router.add_get("/{page:(console|board|dashboard|login|docs)}", page)
    app.router.add_static("/static/", web_dir, show_index=False)
    return app
