"""Small REST helpers the live tests share."""

from __future__ import annotations

from typing import Any

from tests.conftest import Session


async def channel_ids(session: Session) -> dict[str, str]:
    """Channel name → id, as the CEO (or whoever) sees them."""
    body = await session.get("/api/channels?limit=200")
    return {c["name"]: c["id"] for c in body["items"]}


async def create_task(session: Session, channel_id: str | None, title: str, **fields: Any) -> dict[str, Any]:
    return await session.post("/api/tasks", {"channel_id": channel_id, "title": title, **fields}, expect=201)


def task_titles(events: list[dict[str, Any]]) -> list[str]:
    return [e["payload"]["title"] for e in events if e["type"] == "task.created"]
