"""Who is calling: password hashing (argon2id), JWT access tokens, rotating refresh tokens."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
import unicodedata
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
import jwt
from aiohttp import web
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from server.errors import ApiError
from server.keys import LIMITER, POOL, TOKENS
from store import tokens, users

# Memory-hard: 64 MiB, 2 passes. Verification runs in a thread so the event loop never stalls.
_HASHER = PasswordHasher(time_cost=2, memory_cost=64 * 1024, parallelism=1)
# Compared against when the email is unknown, so both paths cost the same time.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(8))


@dataclass(frozen=True)
class AuthUser:
    id: UUID
    role: str
    full_name: str
    email: str
    language: str = "en"
    timezone: str = "UTC"
    token_exp: float = 0.0  # unix seconds when the access token expires
    family_id: UUID | None = None  # the sign-in this token belongs to

    @property
    def is_ceo(self) -> bool:
        return self.role == "ceo"

    @property
    def is_manager(self) -> bool:
        return self.role in ("ceo", "manager")


def canonical_email(raw: str) -> str:
    """The one form of a typed email that finds its account and names it to the sign-in throttle:
    Unicode NFKC (full-width letters become plain ones), no whitespace, control or zero-width
    characters at either end, lower case."""
    text = unicodedata.normalize("NFKC", raw)
    start, end = 0, len(text)
    while start < end and _is_padding(text[start]):
        start += 1
    while end > start and _is_padding(text[end - 1]):
        end -= 1
    return text[start:end].lower()


def _is_padding(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


async def hash_password_async(password: str) -> str:
    """Hash off the event loop: argon2 with 64 MiB takes tens of milliseconds."""
    return await asyncio.to_thread(_HASHER.hash, password)


def _verify(hash_: str, password: str) -> bool:
    try:
        return _HASHER.verify(hash_, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(hash_: str | None, password: str) -> bool:
    return await asyncio.to_thread(_verify, hash_ or _DUMMY_HASH, password) and hash_ is not None


class TokenService:
    """Issues and checks tokens; the secret and lifetimes come from settings."""

    def __init__(self, secret: str, access_ttl_s: int, refresh_ttl_s: int) -> None:
        self._secret = secret
        self.access_ttl_s = access_ttl_s
        self.refresh_ttl_s = refresh_ttl_s
        # Called with the user id after a reused refresh token revoked its family (live sockets close).
        self.on_revoke: list[Callable[[UUID], Awaitable[None]]] = []

    def access_token(self, user_id: UUID, role: str, family_id: UUID | None = None) -> str:
        """A signed, short-lived token. `family_id` ties it to its sign-in (refresh-token family),
        so signing out or a detected token theft ends it at once, not when it expires."""
        now = int(time.time())
        claims: dict[str, Any] = {"sub": str(user_id), "role": role, "iat": now, "exp": now + self.access_ttl_s,
                                  "typ": "access", "jti": uuid.uuid4().hex}
        if family_id is not None:
            claims["fam"] = str(family_id)
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def decode_access(self, token: str) -> dict[str, Any]:
        try:
            claims = jwt.decode(token, self._secret, algorithms=["HS256"],
                                options={"require": ["exp", "sub", "typ"]})
        except jwt.ExpiredSignatureError:
            raise ApiError(401, "token_expired", "The access token has expired; refresh it") from None
        except jwt.PyJWTError:
            raise ApiError(401, "invalid_token", "The access token is not valid") from None
        if claims.get("typ") != "access":
            raise ApiError(401, "invalid_token", "The access token is not valid")
        return claims

    async def issue_refresh(self, conn: asyncpg.Connection | asyncpg.Pool, user_id: UUID,
                            family_id: UUID | None = None) -> str:
        token = secrets.token_urlsafe(32)
        expires = datetime.now(UTC) + timedelta(seconds=self.refresh_ttl_s)
        await tokens.insert(conn, user_id, family_id or uuid.uuid4(), digest_token(token), expires)
        return token

    async def rotate(self, pool: asyncpg.Pool, token: str) -> tuple[UUID, str, UUID]:
        """Spend a refresh token: return (user_id, new refresh token, family). Reuse revokes the family."""
        async with pool.acquire() as conn:
            async with conn.transaction():
                row = await tokens.lock_by_hash(conn, digest_token(token))
                if row is None:
                    raise ApiError(401, "invalid_token", "The refresh token is not valid")
                if row["revoked_at"] is not None:
                    raise ApiError(401, "token_revoked", "The refresh token has been revoked; sign in again")
                if row["used_at"] is None and row["expires_at"] > datetime.now(UTC):
                    await tokens.mark_used(conn, row["id"])
                    new = await self.issue_refresh(conn, row["user_id"], row["family_id"])
                    return row["user_id"], new, row["family_id"]
            # Reuse of a rotated token (or an expired one): revoke the whole family, outside the
            # failed branch so the revocation commits.
            await tokens.revoke_family(conn, row["family_id"])
        for hook in self.on_revoke:
            await hook(row["user_id"])
        if row["used_at"] is not None:
            raise ApiError(401, "token_reused",
                           "This refresh token was already used; every session of its family is signed out")
        raise ApiError(401, "token_expired", "The refresh token has expired; sign in again")


def digest_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


async def user_from_token(app: web.Application, token: str) -> AuthUser:
    """Check the token and that its user still exists and is active."""
    claims = app[TOKENS].decode_access(token)
    try:
        user_id = UUID(str(claims["sub"]))
        family_id = UUID(str(claims["fam"])) if claims.get("fam") else None
    except ValueError:
        raise ApiError(401, "invalid_token", "The access token is not valid") from None
    row = await users.get_auth(app[POOL], user_id, family_id)
    if row is None or not row["is_active"]:
        raise ApiError(401, "invalid_token", "This account no longer exists or is disabled")
    if row["signed_out"]:
        raise ApiError(401, "signed_out", "This session has been signed out; sign in again")
    return AuthUser(row["id"], row["role"], row["full_name"], row["email"], row["language"], row["timezone"],
                    float(claims["exp"]), family_id)


async def authenticate(request: web.Request) -> AuthUser:
    token = bearer_token(request)
    if token is None:
        raise ApiError(401, "unauthorized", "Sign in first: send 'Authorization: Bearer <access token>'")
    user = await user_from_token(request.app, token)
    await request.app[LIMITER].check(f"user:{user.id}")
    return user
