"""Shared resources: upload files (streamed, content-addressed), add links, share them with channels,
tasks or categories, and download what the caller may see (rule in `store.access.resource_visible`)."""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from uuid import UUID

from aiohttp import BodyPartReader, MultipartReader, web
from aiohttp.http_exceptions import HttpProcessingError
from pydantic import BaseModel, Field, ValidationError, model_validator

from server.errors import ApiError, not_found, validation_details
from server.http import Api, Call, changes, read_json
from server.keys import POOL, SETTINGS
from server.pagination import Page, PageQuery, decode_cursor, page
from store import access, resources
from store.domain import resources as domain_resources

api = Api()

ResourceType = Literal["document", "spreadsheet", "presentation", "image", "video", "audio", "link", "other"]
Name = Field(min_length=1, max_length=300, pattern=r"\S")
Url = Field(min_length=1, max_length=2000, pattern=r"^https?://\S+$")
_CHUNK = 64 * 1024
_MAX_FIELD = 10_000  # bytes of a text field in the multipart form
# What aiohttp's multipart reader raises on a malformed body: a bad part header is an HttpProcessingError
# (e.g. InvalidHeader), a bad boundary or length a ValueError, a body cut short an EOFError.
_MALFORMED = (HttpProcessingError, ValueError, AssertionError, LookupError, EOFError)


class ResourceOut(BaseModel):
    id: UUID
    name: str
    resource_type: ResourceType
    description: str | None
    url: str | None
    content_hash: str | None = Field(description="sha256 of the file, hex")
    mime_type: str | None
    size_bytes: int | None
    has_content: bool = Field(description="a file can be downloaded from /content")
    tags: list[str]
    metadata: dict[str, Any]
    uploaded_by: UUID
    created_at: datetime
    updated_at: datetime


class LinkResourceIn(BaseModel):
    """A JSON create: a web link (files are uploaded as multipart/form-data)."""

    name: str = Name
    resource_type: Literal["link"] = "link"
    url: str = Url
    description: str | None = Field(default=None, max_length=5000)
    tags: list[str] = Field(default_factory=list, max_length=50)


class UploadFields(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=300, pattern=r"\S")
    description: str | None = Field(default=None, max_length=5000)
    resource_type: ResourceType | None = None


class ResourcePatch(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=300, pattern=r"\S")
    description: str | None = Field(default=None, max_length=5000)
    resource_type: ResourceType | None = None
    url: str | None = Field(default=None, min_length=1, max_length=2000, pattern=r"^https?://\S+$")
    tags: list[str] | None = Field(default=None, max_length=50)
    metadata: dict[str, Any] | None = None


class ResourceQuery(PageQuery):
    q: str | None = Field(default=None, max_length=200)
    resource_type: ResourceType | None = None


class ShareIn(BaseModel):
    channel_id: UUID | None = None
    task_id: UUID | None = None
    category_id: UUID | None = None

    @model_validator(mode="after")
    def exactly_one(self) -> ShareIn:
        if sum(v is not None for v in (self.channel_id, self.task_id, self.category_id)) != 1:
            raise ValueError("give exactly one of channel_id, task_id, category_id")
        return self


class ShareOut(BaseModel):
    id: UUID
    resource_id: UUID
    channel_id: UUID | None
    task_id: UUID | None
    category_id: UUID | None
    linked_by: UUID | None
    created_at: datetime


def resource_out(row: Any) -> ResourceOut:
    data = dict(row)
    data["has_content"] = data.pop("file_path", None) is not None
    return ResourceOut.model_validate(data)


async def visible_resource_or_404(call: Call[Any, Any], resource_id: UUID) -> Any:
    row = await resources.get_visible(call.app[POOL], resource_id, call.user.id, call.user.role)
    if row is None:
        raise not_found("Resource", resource_id)
    return row


def _page(q: ResourceQuery, rows: list[Any]) -> dict[str, Any]:
    return page(rows, q.limit, resource_out, lambda r: (r["created_at"].isoformat(), r["id"]))


@api.route("GET", "/api/resources", summary="Shared resources the caller may see", tags=["resources"],
           query=ResourceQuery, response=Page[ResourceOut])
async def list_resources(call: Call[BaseModel, ResourceQuery]) -> dict[str, Any]:
    q = call.query
    after = decode_cursor(q.cursor, datetime.fromisoformat, UUID)
    rows = await resources.list_visible(call.app[POOL], call.user.id, call.user.role, after=after,  # type: ignore[arg-type]
                                        limit=q.limit + 1, q=q.q, resource_type=q.resource_type)
    return _page(q, rows)


@api.route("GET", "/api/channels/{channel_id}/resources", summary="Resources shared in a channel",
           tags=["resources"], query=ResourceQuery, response=Page[ResourceOut], errors=[404])
async def list_channel_resources(call: Call[BaseModel, ResourceQuery]) -> dict[str, Any]:
    channel_id = call.ids["channel_id"]
    pool = call.app[POOL]
    if await access.visible_channel(pool, channel_id, call.user.id, call.user.role) is None:
        raise not_found("Channel", channel_id)
    q = call.query
    after = decode_cursor(q.cursor, datetime.fromisoformat, UUID)
    rows = await resources.list_visible(pool, call.user.id, call.user.role, after=after,  # type: ignore[arg-type]
                                        limit=q.limit + 1, q=q.q, resource_type=q.resource_type,
                                        channel_id=channel_id)
    return _page(q, rows)


def _guess_type(mime: str | None, filename: str | None) -> str:
    mime = mime or ""
    name = (filename or "").lower()
    for prefix in ("image", "video", "audio"):
        if mime.startswith(prefix + "/"):
            return prefix
    if "spreadsheet" in mime or "excel" in mime or name.endswith((".csv", ".xlsx", ".xls", ".ods")):
        return "spreadsheet"
    if "presentation" in mime or "powerpoint" in mime or name.endswith((".pptx", ".ppt", ".odp", ".key")):
        return "presentation"
    if mime.startswith("text/") or mime in ("application/pdf", "application/msword") or "document" in mime:
        return "document"
    return "other"


async def _chunks(part: BodyPartReader) -> AsyncIterator[bytes]:
    while chunk := await part.read_chunk(_CHUNK):
        yield chunk


async def _read_form(reader: MultipartReader, uploads_dir: Path, limit: int
                     ) -> tuple[dict[str, str], resources.StoredFile | None, str | None, str | None]:
    """The text fields, the stored `file` part (streamed, at most `limit` bytes), its name and type."""
    texts: dict[str, str] = {}
    stored: resources.StoredFile | None = None
    filename: str | None = None
    mime: str | None = None
    while True:
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, BodyPartReader):
            raise ApiError(400, "invalid_multipart", "Nested multipart bodies are not supported")
        if part.name == "file" and stored is None:
            filename = (part.filename or "")[:300] or None
            mime = part.headers.get("Content-Type") or None
            try:
                stored = await resources.save_stream(uploads_dir, _chunks(part), limit)
            except resources.TooLarge:
                raise ApiError(413, "payload_too_large", f"Uploads are limited to {limit} bytes",
                               {"limit": limit}) from None
        elif part.name in ("name", "description", "resource_type"):
            raw = b""
            async for chunk in _chunks(part):  # one read_chunk is only what has arrived so far
                raw += chunk
                if len(raw) > _MAX_FIELD:
                    raise ApiError(422, "invalid_input", f"The field {part.name} is too long")
            try:
                texts[part.name] = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ApiError(422, "invalid_input", f"The field {part.name} is not UTF-8 text") from None
        else:
            await part.release()
    return texts, stored, filename, mime


async def _upload(call: Call[Any, Any]) -> dict[str, Any]:
    """Read the multipart form, streaming the `file` part to the file store."""
    settings = call.app[SETTINGS]
    limit = settings.max_upload_bytes
    request = call.request
    if request.content_length is not None and request.content_length > limit + 64 * 1024:
        raise ApiError(413, "payload_too_large", f"Uploads are limited to {limit} bytes", {"limit": limit})
    try:
        reader = await request.multipart()
        texts, stored, filename, mime = await _read_form(reader, settings.uploads_dir, limit)
    except _MALFORMED as exc:  # a malformed body, whichever way aiohttp's reader says so
        raise ApiError(400, "invalid_multipart", f"The body is not a valid multipart form: {str(exc)[:200]}") from None
    if stored is None:
        raise ApiError(422, "missing_file", "Send the file in a form field called 'file'")
    try:
        fields = UploadFields.model_validate(texts)
    except ValidationError as exc:
        raise ApiError(422, "invalid_input", "The form does not match the expected shape",
                       validation_details(exc)) from None
    if mime in (None, "application/octet-stream") and filename:
        mime = mimetypes.guess_type(filename)[0] or mime
    return {
        "name": fields.name or filename or f"upload-{stored.content_hash[:8]}",
        "description": fields.description,
        "resource_type": fields.resource_type or _guess_type(mime, filename),
        "file_path": stored.relative_path, "content_hash": stored.content_hash, "size_bytes": stored.size_bytes,
        "mime_type": (mime or "application/octet-stream")[:200],
        "metadata": {"filename": filename} if filename else {},
    }


@api.route("POST", "/api/resources",
           summary="Upload a file (multipart/form-data: file, name?, description?, resource_type?) "
                   "or add a link (JSON: name, resource_type 'link', url)",
           tags=["resources"], raw_body="multipart/form-data", response=ResourceOut, status=201,
           errors=[400, 413])
async def create_resource(call: Call[BaseModel, BaseModel]) -> ResourceOut:
    if call.request.content_type == "application/json":
        data = await read_json(call.request)
        if not isinstance(data, dict):
            raise ApiError(422, "invalid_input", "The body must be a JSON object")
        try:
            fields: dict[str, Any] = LinkResourceIn.model_validate(data).model_dump()
        except ValidationError as exc:
            raise ApiError(422, "invalid_input", "The body does not match the expected shape",
                           validation_details(exc)) from None
    elif call.request.content_type == "multipart/form-data":
        fields = await _upload(call)
    else:
        raise ApiError(415, "unsupported_media_type", "Send multipart/form-data (a file) or JSON (a link)")
    async with changes(call) as uow:
        row = await domain_resources.create_resource(uow, call.user, fields)
    return resource_out(row)


@api.route("GET", "/api/resources/{resource_id}", summary="One shared resource", tags=["resources"],
           response=ResourceOut, errors=[404])
async def get_resource(call: Call[BaseModel, BaseModel]) -> ResourceOut:
    return resource_out(await visible_resource_or_404(call, call.ids["resource_id"]))


@api.route("PATCH", "/api/resources/{resource_id}", summary="Rename or describe a resource",
           tags=["resources"], body=ResourcePatch, response=ResourceOut, errors=[403, 404])
async def update_resource(call: Call[ResourcePatch, BaseModel]) -> ResourceOut:
    async with changes(call) as uow:
        row = await domain_resources.update_resource(uow, call.user, call.ids["resource_id"],
                                                     call.body.model_dump(exclude_unset=True))
    return resource_out(row)


@api.route("DELETE", "/api/resources/{resource_id}", summary="Delete a resource and where it is shared",
           tags=["resources"], errors=[403, 404])
async def delete_resource(call: Call[BaseModel, BaseModel]) -> None:
    async with changes(call) as uow:
        await domain_resources.delete_resource(uow, call.user, call.ids["resource_id"])


@api.route("GET", "/api/resources/{resource_id}/content", summary="Download the file", tags=["resources"],
           errors=[404])
async def download(call: Call[BaseModel, BaseModel]) -> web.StreamResponse:
    row = await visible_resource_or_404(call, call.ids["resource_id"])
    if row["content_hash"] is None:
        raise ApiError(404, "no_content", "This resource is a link, not a stored file", {"url": row["url"]})
    path = resources.blob_path(call.app[SETTINGS].uploads_dir, row["content_hash"])
    if not path.is_file():
        raise ApiError(404, "content_missing", "The stored file is missing on this server")
    filename = (row["metadata"] or {}).get("filename") or row["name"]
    safe = "".join(ch if ch.isalnum() or ch in " ._-" else "_" for ch in str(filename))[:200] or "download"
    return web.FileResponse(path, headers={
        "Content-Type": row["mime_type"] or "application/octet-stream",
        "Content-Disposition": f'attachment; filename="{safe}"',
        "X-Content-Type-Options": "nosniff",
    })


@api.route("GET", "/api/resources/{resource_id}/links", summary="Where a resource is shared",
           tags=["resources"], response=list[ShareOut], errors=[404])
async def list_links(call: Call[BaseModel, BaseModel]) -> list[ShareOut]:
    resource_id = call.ids["resource_id"]
    await visible_resource_or_404(call, resource_id)
    rows = await resources.links(call.app[POOL], resource_id, call.user.id, call.user.role)
    return [ShareOut.model_validate(dict(r)) for r in rows]


@api.route("POST", "/api/resources/{resource_id}/links", summary="Share with a channel, task or category",
           tags=["resources"], body=ShareIn, response=ShareOut, status=201, errors=[403, 404])
async def share(call: Call[ShareIn, BaseModel]) -> ShareOut:
    body = call.body
    async with changes(call) as uow:
        row = await domain_resources.share(uow, call.user, call.ids["resource_id"], channel_id=body.channel_id,
                                           task_id=body.task_id, category_id=body.category_id)
    return ShareOut.model_validate(dict(row))


@api.route("DELETE", "/api/resources/{resource_id}/links/{link_id}", summary="Stop sharing it there",
           tags=["resources"], errors=[403, 404])
async def unshare(call: Call[BaseModel, BaseModel]) -> None:
    async with changes(call) as uow:
        await domain_resources.unshare(uow, call.user, call.ids["resource_id"], call.ids["link_id"])
