"""Full-text search over tasks, channels, messages and resources: only what the caller may see."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field, field_validator

from server.http import Api, Call
from server.keys import POOL
from store import search as search_store

api = Api()
Kind = search_store.Kind


class SearchQuery(BaseModel):
    q: str = Field(min_length=1, max_length=200, pattern=r"\S", description="words; the last may be partial")
    types: list[Kind] = Field(default_factory=lambda: list(search_store.KINDS), max_length=20,
                              description="comma-separated or repeated: task,channel,message,resource")
    limit: int = Field(default=20, ge=1, le=100)

    @field_validator("types", mode="before")
    @classmethod
    def comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            return [part.strip() for item in value if isinstance(item, str) for part in item.split(",")
                    if part.strip()] or list(search_store.KINDS)
        return value


class SearchHit(BaseModel):
    type: Kind
    id: UUID
    title: str
    snippet: str
    channel_id: UUID | None
    rank: float
    created_at: datetime


class SearchResults(BaseModel):
    query: str
    items: list[SearchHit]


@api.route("GET", "/api/search", summary="Full-text search across what the caller may see", tags=["search"],
           query=SearchQuery, response=SearchResults)
async def search(call: Call[BaseModel, SearchQuery]) -> SearchResults:
    q = call.query
    rows = await search_store.search(call.app[POOL], q.q, call.user.id, call.user.role,
                                     kinds=tuple(dict.fromkeys(q.types)), limit=q.limit)
    return SearchResults(query=q.q, items=[SearchHit.model_validate(dict(r)) for r in rows])
