"""Categories of channels (Marketing, Finance, …)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from server.errors import ApiError, not_found
from server.http import Api, Call, changes
from server.keys import POOL
from store import access, categories

api = Api()
COLOR = r"^#[0-9A-Fa-f]{6}$"


class CategoryOut(BaseModel):
    id: UUID
    name: str
    color: str
    icon: str | None
    description: str | None
    created_at: datetime
    updated_at: datetime


class CategoryIn(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=r"\S")
    color: str = Field(default="#6B7280", pattern=COLOR, description="#RRGGBB")
    icon: str | None = Field(default=None, max_length=50)
    description: str | None = Field(default=None, max_length=2000)


class CategoryPatch(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100, pattern=r"\S")
    color: str | None = Field(default=None, pattern=COLOR, description="#RRGGBB")
    icon: str | None = Field(default=None, max_length=50)
    description: str | None = Field(default=None, max_length=2000)


def _require_manager(call: Call[Any, Any]) -> None:
    if not access.is_manager(call.user):
        raise ApiError(403, "forbidden", "Only the CEO and managers may manage categories")


@api.route("GET", "/api/categories", summary="All categories", tags=["categories"], response=list[CategoryOut])
async def list_categories(call: Call[BaseModel, BaseModel]) -> list[CategoryOut]:
    return [CategoryOut.model_validate(dict(r)) for r in await categories.all(call.app[POOL])]


@api.route("GET", "/api/categories/{category_id}", summary="One category", tags=["categories"],
           response=CategoryOut, errors=[404])
async def get_category(call: Call[BaseModel, BaseModel]) -> CategoryOut:
    row = await categories.get(call.app[POOL], call.ids["category_id"])
    if row is None:
        raise not_found("Category", call.ids["category_id"])
    return CategoryOut.model_validate(dict(row))


@api.route("POST", "/api/categories", summary="Create a category (CEO and managers)", tags=["categories"],
           body=CategoryIn, response=CategoryOut, status=201, errors=[403, 409])
async def create_category(call: Call[CategoryIn, BaseModel]) -> CategoryOut:
    _require_manager(call)
    async with changes(call) as uow:
        row = await categories.create(uow, call.body.model_dump())
    return CategoryOut.model_validate(dict(row))


@api.route("PATCH", "/api/categories/{category_id}", summary="Change a category", tags=["categories"],
           body=CategoryPatch, response=CategoryOut, errors=[403, 404, 409])
async def update_category(call: Call[CategoryPatch, BaseModel]) -> CategoryOut:
    _require_manager(call)
    fields = call.body.model_dump(exclude_unset=True)
    if any(fields.get(k, "") is None for k in ("name", "color")):
        raise ApiError(422, "invalid_input", "A category's name and colour cannot be empty")
    async with changes(call) as uow:
        row = await categories.update(uow, call.ids["category_id"], fields)
    if row is None:
        raise not_found("Category", call.ids["category_id"])
    return CategoryOut.model_validate(dict(row))


@api.route("DELETE", "/api/categories/{category_id}", summary="Delete a category (channels keep existing)",
           tags=["categories"], errors=[403, 404])
async def delete_category(call: Call[BaseModel, BaseModel]) -> None:
    _require_manager(call)
    async with changes(call) as uow:
        deleted = await categories.delete(uow, call.ids["category_id"])
    if not deleted:
        raise not_found("Category", call.ids["category_id"])
