"""Fixed-window rate limits: in Redis when configured (shared by nodes), else in process."""

from __future__ import annotations

import time
from typing import Any

from server.errors import ApiError


class RateLimiter:
    def __init__(self, per_minute: int, redis: Any = None) -> None:
        self.per_minute = per_minute
        self._redis = redis
        self._local: dict[str, tuple[int, int]] = {}

    async def hit(self, key: str, limit: int | None = None, window_s: int = 60) -> bool:
        """Count one request for `key`; False when the window's limit is exceeded."""
        limit = limit or self.per_minute
        window = int(time.time() // window_s)
        if self._redis is not None:
            try:
                rkey = f"voicedesk:rl:{key}:{window}"
                count = await self._redis.incr(rkey)
                if count == 1:
                    await self._redis.expire(rkey, window_s + 1)
                return int(count) <= limit
            except Exception:  # Redis down: fall back to this node's own count
                pass
        w, count = self._local.get(key, (window, 0))
        count = count + 1 if w == window else 1
        self._local[key] = (window, count)
        if len(self._local) > 100_000:
            self._local = {k: v for k, v in self._local.items() if v[0] == window}
        return count <= limit

    async def check(self, key: str, limit: int | None = None, window_s: int = 60) -> None:
        if not await self.hit(key, limit, window_s):
            raise ApiError(429, "rate_limited", "Too many requests; slow down and retry in a minute",
                           {"retry_after_s": window_s})
