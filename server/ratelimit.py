"""Fixed-window rate limits: in Redis when configured (shared by nodes), else in process."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from server.errors import ApiError


def _limited(window_s: int) -> ApiError:
    return ApiError(429, "rate_limited", "Too many requests; slow down and retry in a minute",
                    {"retry_after_s": window_s})


class RateLimiter:
    def __init__(self, per_minute: int, redis: Any = None, namespace: str = "voicedesk:rl") -> None:
        self.per_minute = per_minute
        self.namespace = namespace  # Redis key prefix
        self.clock: Callable[[], float] = time.time  # unix seconds; tests may hold it still
        self._redis = redis
        self._local: dict[str, tuple[int, int]] = {}

    @property
    def uses_redis(self) -> bool:
        return self._redis is not None

    async def hit(self, key: str, limit: int | None = None, window_s: int = 60) -> bool:
        """Count one request for `key`; False when the window's limit is exceeded."""
        limit = limit or self.per_minute
        window = int(self.clock() // window_s)
        if self._redis is not None:
            try:
                rkey = f"{self.namespace}:{key}:{window}"
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

    async def count(self, key: str, window_s: int = 60) -> int:
        """How many times `key` was hit in the current window, without counting this look."""
        window = int(self.clock() // window_s)
        if self._redis is not None:
            try:
                return int(await self._redis.get(f"{self.namespace}:{key}:{window}") or 0)
            except Exception:  # Redis down: this node's own count
                pass
        w, count = self._local.get(key, (window, 0))
        return count if w == window else 0

    async def check(self, key: str, limit: int | None = None, window_s: int = 60) -> None:
        if not await self.hit(key, limit, window_s):
            raise _limited(window_s)


@dataclass(frozen=True)
class GuessLimits:
    """Password guesses allowed per minute. A sign-in and a password change's `current_password` are
    both guesses; an account is named by its id (or, when unknown, its canonical email)."""

    per_address_and_account: int = 10  # attempts from one client address at one account, right or wrong
    account_failures: int = 30  # wrong guesses at one account from all addresses together
    address_failures: int = 50  # wrong guesses from one client address at all accounts together


GUESS_LIMITS = GuessLimits()


async def before_password_guess(limiter: RateLimiter, address: str, account: str,
                                limits: GuessLimits = GUESS_LIMITS) -> None:
    """Count an attempt and raise 429 when any guess limit is reached, before the password is checked
    (so the right password waits too)."""
    await limiter.check(f"login:{address}:{account}", limits.per_address_and_account)
    if (await limiter.count(f"login-failed:account:{account}") >= limits.account_failures
            or await limiter.count(f"login-failed:address:{address}") >= limits.address_failures):
        raise _limited(60)


async def password_guess_failed(limiter: RateLimiter, address: str, account: str) -> None:
    """Count a wrong password against the account and against the address."""
    await limiter.hit(f"login-failed:account:{account}")
    await limiter.hit(f"login-failed:address:{address}")
