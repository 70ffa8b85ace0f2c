"""The app's shared objects, as typed keys: `app[POOL]` is an `asyncpg.Pool` to mypy, not `Any`.

The app factory (`server/app.py`) and each part's `setup` put them in; handlers read them through
`request.app` / `call.app`. Tests use the same keys to reach into an app they built.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from uuid import UUID

from aiohttp import web

if TYPE_CHECKING:
    import asyncpg
    from redis.asyncio import Redis

    from server.auth import TokenService
    from server.bus import Bus
    from server.commands import CommandService
    from server.http import Api
    from server.live import LiveState
    from server.live_connection import LiveOptions
    from server.metrics import Metrics
    from server.ratelimit import RateLimiter
    from server.settings import Settings
    from server.voice import VoiceHub
    from store.db import EmbeddedPostgres

SignedOutHook = Callable[[UUID], Awaitable[None]]

# Wired by create_app.
SETTINGS: web.AppKey[Settings] = web.AppKey("settings")
POOL: web.AppKey[asyncpg.Pool] = web.AppKey("pool")  # the test's own, or opened at start-up
BUS: web.AppKey[Bus] = web.AppKey("bus")  # the test's own, or opened at start-up
TOKENS: web.AppKey[TokenService] = web.AppKey("tokens")
HASH_PASSWORD: web.AppKey[Callable[[str], str]] = web.AppKey("hash_password")
API: web.AppKey[Api] = web.AppKey("api")
PRELOAD_MODEL: web.AppKey[bool] = web.AppKey("preload_model")

# Set at start-up (server/app.py).
EMBEDDED_PG: web.AppKey[EmbeddedPostgres] = web.AppKey("embedded_pg")
SEED_DEMO: web.AppKey[bool] = web.AppKey("seed_demo")
OWNS_POOL: web.AppKey[bool] = web.AppKey("owns_pool")
REDIS: web.AppKey[Redis | None] = web.AppKey("redis")
LIMITER: web.AppKey[RateLimiter] = web.AppKey("limiter")
COMMANDS: web.AppKey[CommandService] = web.AppKey("commands")

# Set by each part's setup.
METRICS: web.AppKey[Metrics] = web.AppKey("metrics")
LIVE_OPTIONS: web.AppKey[LiveOptions] = web.AppKey("live_options")
LIVE: web.AppKey[LiveState] = web.AppKey("live")
VOICE: web.AppKey[VoiceHub] = web.AppKey("voice")
ON_LOGOUT: web.AppKey[list[SignedOutHook]] = web.AppKey("on_logout")  # run on POST /api/auth/logout
