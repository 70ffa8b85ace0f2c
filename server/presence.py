"""Presence: who is online and which channel each of their live connections is viewing.

One entry per WebSocket connection (`{user_id}|{connection_id}`), so a person with two tabs
stays online until both close. In Redis the entries live in a sorted set scored by expiry
(refreshed by each heartbeat), so a node that dies takes its entries with it within `ttl_s`;
without Redis a dict on the node does the same job.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Protocol

from redis.exceptions import RedisError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Online:
    """One online person: the channels their connections view (None: none in particular)."""

    user_id: str
    channel_ids: list[str]
    connections: int


class Presence(Protocol):
    async def join(self, user_id: str, connection_id: str) -> bool:
        """Register a connection; True if the person just came online."""

    async def view(self, user_id: str, connection_id: str, channel_id: str | None) -> None: ...

    async def touch(self, keys: list[tuple[str, str]]) -> None:
        """Keep these (user_id, connection_id) entries alive for another `ttl_s`."""

    async def leave(self, user_id: str, connection_id: str) -> bool:
        """Drop a connection; True if the person has no connection left (went offline)."""

    async def online(self) -> list[Online]: ...


def _summarise(entries: dict[str, str]) -> list[Online]:
    """{"user|conn": channel or ""} → one `Online` per person."""
    people: dict[str, tuple[set[str], int]] = {}
    for member, channel in entries.items():
        user_id = member.split("|", 1)[0]
        channels, count = people.get(user_id, (set(), 0))
        if channel:
            channels.add(channel)
        people[user_id] = (channels, count + 1)
    return [Online(u, sorted(c), n) for u, (c, n) in sorted(people.items())]


class LocalPresence:
    """Presence for a single node."""

    def __init__(self) -> None:
        self._entries: dict[str, str] = {}

    async def join(self, user_id: str, connection_id: str) -> bool:
        first = not any(m.startswith(f"{user_id}|") for m in self._entries)
        self._entries[f"{user_id}|{connection_id}"] = ""
        return first

    async def view(self, user_id: str, connection_id: str, channel_id: str | None) -> None:
        self._entries[f"{user_id}|{connection_id}"] = channel_id or ""

    async def touch(self, keys: list[tuple[str, str]]) -> None:
        return None

    async def leave(self, user_id: str, connection_id: str) -> bool:
        self._entries.pop(f"{user_id}|{connection_id}", None)
        return not any(m.startswith(f"{user_id}|") for m in self._entries)

    async def online(self) -> list[Online]:
        return _summarise(self._entries)


class RedisPresence:
    """Presence shared by every node: ZSET `{prefix}:presence` (score = expiry) + HASH of views."""

    def __init__(self, redis: Any, prefix: str, *, ttl_s: float = 60.0) -> None:
        self.redis = redis
        self.members_key = f"{prefix}:presence"
        self.views_key = f"{prefix}:presence:views"
        self.ttl_s = ttl_s

    async def _live_members(self) -> list[str]:
        now = time.time()
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zrangebyscore(self.members_key, "-inf", now)
            pipe.zremrangebyscore(self.members_key, "-inf", now)
            pipe.zrangebyscore(self.members_key, now, "+inf")
            expired, _, live = await pipe.execute()
        if expired:
            await self.redis.hdel(self.views_key, *expired)
        return [m.decode() if isinstance(m, bytes) else m for m in live]

    async def join(self, user_id: str, connection_id: str) -> bool:
        try:
            others = [m for m in await self._live_members() if m.startswith(f"{user_id}|")]
            member = f"{user_id}|{connection_id}"
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.zadd(self.members_key, {member: time.time() + self.ttl_s})
                pipe.hset(self.views_key, member, "")
                await pipe.execute()
        except (RedisError, OSError) as exc:
            log.warning("presence unavailable: %s", type(exc).__name__)
            return False
        return not others

    async def view(self, user_id: str, connection_id: str, channel_id: str | None) -> None:
        member = f"{user_id}|{connection_id}"
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.zadd(self.members_key, {member: time.time() + self.ttl_s})
                pipe.hset(self.views_key, member, channel_id or "")
                await pipe.execute()
        except (RedisError, OSError) as exc:
            log.warning("presence unavailable: %s", type(exc).__name__)

    async def touch(self, keys: list[tuple[str, str]]) -> None:
        if not keys:
            return
        expires = time.time() + self.ttl_s
        try:
            await self.redis.zadd(self.members_key, {f"{u}|{c}": expires for u, c in keys}, xx=True)
        except (RedisError, OSError) as exc:
            log.warning("presence unavailable: %s", type(exc).__name__)

    async def leave(self, user_id: str, connection_id: str) -> bool:
        member = f"{user_id}|{connection_id}"
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.zrem(self.members_key, member)
                pipe.hdel(self.views_key, member)
                await pipe.execute()
            return not any(m.startswith(f"{user_id}|") for m in await self._live_members())
        except (RedisError, OSError) as exc:
            log.warning("presence unavailable: %s", type(exc).__name__)
            return False

    async def online(self) -> list[Online]:
        try:
            members = await self._live_members()
            views = await self.redis.hmget(self.views_key, members) if members else []
        except (RedisError, OSError) as exc:
            log.warning("presence unavailable: %s", type(exc).__name__)
            return []
        return _summarise({m: (v.decode() if isinstance(v, bytes) else (v or "")) for m, v in zip(members, views, strict=True)})
