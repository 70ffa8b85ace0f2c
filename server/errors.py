"""Errors are values a person can read: `{"error": {"code", "message", "details"}}`."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from aiohttp import web
from pydantic import ValidationError

from store.domain import Refused

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error the client caused or may see, with an HTTP status and a stable code."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}


def not_found(what: str, ident: object = None) -> ApiError:
    details = {"id": str(ident)} if ident is not None else {}
    return ApiError(404, "not_found", f"{what} not found", details)


def forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


def conflict(code: str, message: str, details: dict[str, Any] | None = None) -> ApiError:
    return ApiError(409, code, message, details)


def error_body(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> web.Response:
    payload = {"error": {"code": code, "message": message, "details": details or {}}}
    return web.Response(status=status, text=json.dumps(payload, default=str), content_type="application/json")


def validation_details(exc: ValidationError) -> dict[str, Any]:
    problems = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = ".".join(str(p) for p in err.get("loc", ()))
        problems.append({"field": loc or "(body)", "problem": err.get("msg", "invalid")})
    return {"fields": problems[:20]}


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def _from_postgres(exc: asyncpg.PostgresError) -> ApiError | None:
    detail = getattr(exc, "detail", None) or ""
    constraint = getattr(exc, "constraint_name", None)
    if isinstance(exc, asyncpg.UniqueViolationError):
        return ApiError(409, "already_exists", "Something with the same identity already exists",
                        {"constraint": constraint, "detail": detail})
    if isinstance(exc, asyncpg.ForeignKeyViolationError):
        return ApiError(422, "unknown_reference", "A referenced item does not exist",
                        {"constraint": constraint, "detail": detail})
    if isinstance(exc, asyncpg.CheckViolationError | asyncpg.NotNullViolationError):
        return ApiError(422, "constraint_violation", "The values break a rule of the data model",
                        {"constraint": constraint})
    if isinstance(exc, asyncpg.DataError):
        return ApiError(422, "invalid_value", "A value is out of range or malformed", {"detail": str(exc)[:200]})
    if isinstance(exc, asyncpg.IntegrityConstraintViolationError):  # e.g. a RESTRICT foreign key
        return ApiError(409, "conflict", "The change conflicts with related data", {"constraint": constraint})
    if isinstance(exc, asyncpg.ProgramLimitExceededError):  # e.g. text too long for an index or tsvector
        return ApiError(422, "value_too_large", "A value is too large or too complex to store",
                        {"detail": str(exc)[:200]})
    return None


@web.middleware
async def error_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    try:
        return await handler(request)
    except (ApiError, Refused) as exc:  # a rule of the domain layer answers like any API error
        return error_body(exc.status, exc.code, exc.message, exc.details)
    except ValidationError as exc:
        return error_body(422, "invalid_input", "The request does not match the expected shape",
                          validation_details(exc))
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = _HTTP_CODES.get(exc.status, "http_error")
        message = exc.reason or "Request failed"
        if exc.status == 404:
            message = "No such endpoint"
        if exc.status == 413:
            message = "The request body is too large"
        return error_body(exc.status, code, message)
    except asyncpg.PostgresError as exc:
        mapped = _from_postgres(exc)
        if mapped is None:
            log.exception("database error on %s %s", request.method, request.path)
            return error_body(503, "database_error", "The database could not complete the request")
        return error_body(mapped.status, mapped.code, mapped.message, mapped.details)
    except asyncpg.InterfaceError as exc:
        if isinstance(exc, ValueError):  # asyncpg could not encode an argument (e.g. an int beyond 64 bits)
            return error_body(422, "invalid_value", "A value is out of range or malformed",
                              {"detail": str(exc)[:200]})
        log.warning("service unavailable on %s %s: %s", request.method, request.path, exc)
        return error_body(503, "unavailable", "A backing service is unavailable; try again shortly")
    except OSError as exc:
        log.warning("service unavailable on %s %s: %s", request.method, request.path, exc)
        return error_body(503, "unavailable", "A backing service is unavailable; try again shortly")
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_body(500, "internal_error", "Something went wrong on our side; it has been logged")
