"""The event bus: carries pointers to committed outbox events to every node's live clients.

`InProcessBus` serves a single node. The Redis Streams bus (several nodes) has the same
interface: `publish(events)` after commit, `subscribe(callback)` for the node's live hub.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

Subscriber = Callable[[list[dict[str, Any]]], Awaitable[None]]


class InProcessBus:
    name = "in-process"

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, callback: Subscriber) -> None:
        self._subscribers.append(callback)

    async def publish(self, events: list[dict[str, Any]]) -> None:
        if not events:
            return
        for callback in list(self._subscribers):
            try:
                await callback(events)
            except Exception:
                log.exception("live subscriber failed")

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        self._subscribers.clear()

    async def health(self) -> str:
        return "ok"
