"""Sign in, refresh (rotating), sign out; the signed-in person's own preferences."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from server.api.schemas import Ok, UserOut, user_out
from server.auth import canonical_email, digest_token, verify_password
from server.errors import ApiError
from server.http import Api, Call, changes
from server.keys import LIMITER, ON_LOGOUT, POOL, TOKENS
from server.ratelimit import before_password_guess, password_guess_failed
from store import tokens, users

api = Api()


class LoginIn(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


class RefreshIn(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=512)


class LogoutIn(BaseModel):
    refresh_token: str | None = Field(default=None, max_length=512)
    everywhere: bool = False


class TokensOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    user: UserOut


@api.route("POST", "/api/auth/login", summary="Sign in with email and password", tags=["auth"],
           body=LoginIn, response=TokensOut, auth=False, errors=[401])
async def login(call: Call[LoginIn, BaseModel]) -> TokensOut:
    app = call.app
    address = call.request.remote or "unknown"
    email = canonical_email(call.body.email)
    row = await users.by_email(app[POOL], email)
    account = f"user:{row['id']}" if row else f"email:{email}"  # however the email was typed
    await before_password_guess(app[LIMITER], address, account)
    ok = await verify_password(row["password_hash"] if row else None, call.body.password)
    if not ok:
        await password_guess_failed(app[LIMITER], address, account)
    if row is None or not ok or not row["is_active"]:
        raise ApiError(401, "invalid_credentials", "Email or password is wrong")
    family = uuid.uuid4()
    refresh = await app[TOKENS].issue_refresh(app[POOL], row["id"], family)
    return TokensOut(access_token=app[TOKENS].access_token(row["id"], row["role"], family), refresh_token=refresh,
                     expires_in=app[TOKENS].access_ttl_s, user=user_out(row))


@api.route("POST", "/api/auth/refresh", summary="Trade a refresh token for new tokens (rotation)",
           tags=["auth"], body=RefreshIn, response=TokensOut, auth=False, errors=[401])
async def refresh(call: Call[RefreshIn, BaseModel]) -> TokensOut:
    app = call.app
    await app[LIMITER].check(f"refresh:{call.request.remote}", limit=60)
    user_id, new_refresh, family = await app[TOKENS].rotate(app[POOL], call.body.refresh_token)
    row = await users.get(app[POOL], user_id)
    if row is None or not row["is_active"]:
        raise ApiError(401, "invalid_token", "This account no longer exists or is disabled")
    return TokensOut(access_token=app[TOKENS].access_token(row["id"], row["role"], family),
                     refresh_token=new_refresh, expires_in=app[TOKENS].access_ttl_s, user=user_out(row))


@api.route("POST", "/api/auth/logout", summary="Sign out: revoke the refresh token's family (or all)",
           tags=["auth"], body=LogoutIn, response=Ok)
async def logout(call: Call[LogoutIn, BaseModel]) -> Ok:
    pool = call.app[POOL]
    if call.body.everywhere:
        await tokens.revoke_user(pool, call.user.id)
    elif call.body.refresh_token:
        row = await tokens.owner_and_family(pool, digest_token(call.body.refresh_token))
        if row is not None and row["user_id"] == call.user.id:
            await tokens.revoke_family(pool, row["family_id"])
    if call.user.family_id is not None:  # this access token's own sign-in ends too
        await tokens.revoke_family(pool, call.user.family_id)
    hooks = call.app.get(ON_LOGOUT, [])
    for hook in hooks:
        await hook(call.user.id)
    return Ok()


@api.route("GET", "/api/auth/me", summary="The signed-in user", tags=["auth"], response=UserOut)
async def me(call: Call[BaseModel, BaseModel]) -> UserOut:
    row = await users.get(call.app[POOL], call.user.id)
    if row is None:
        raise ApiError(401, "invalid_token", "This account no longer exists")
    return user_out(row)


class Preferences(BaseModel):
    """What a person chose for themselves; only they read or change it."""

    model_config = ConfigDict(extra="forbid")
    digest_at: str | None = Field(
        default=None, pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9]|off)$",
        description="when your daily digest comes (HH:MM in your time zone) or off; unset: the organisation's time")
    auto_apply_suggestions: float | None = Field(
        default=None, ge=0.5, le=1.0,
        description="learned defaults at least this sure (0.5-1) are applied without asking; unset: always ask")


def _preferences(stored: dict[str, Any]) -> Preferences:
    return Preferences.model_validate({k: stored[k] for k in Preferences.model_fields if k in stored})


@api.route("GET", "/api/auth/me/preferences", summary="Your preferences", tags=["auth"], response=Preferences)
async def my_preferences(call: Call[BaseModel, BaseModel]) -> Preferences:
    row = await users.get(call.app[POOL], call.user.id)
    if row is None:
        raise ApiError(401, "invalid_token", "This account no longer exists")
    return _preferences(dict(row["preferences"] or {}))


@api.route("PATCH", "/api/auth/me/preferences", summary="Change your preferences (null unsets one)", tags=["auth"],
           body=Preferences, response=Preferences)
async def change_my_preferences(call: Call[Preferences, BaseModel]) -> Preferences:
    values = call.body.model_dump(exclude_unset=True)
    async with changes(call) as uow:
        before = await users.get(uow.conn, call.user.id)
        if before is None:
            raise ApiError(401, "invalid_token", "This account no longer exists")
        after = await users.set_preferences(uow.conn, call.user.id, values)
        # audited, never broadcast: a person's preferences are theirs alone
        await uow.audit("user.preferences_changed", "user", call.user.id,
                         {"preferences": dict(before["preferences"] or {})}, {"preferences": after})
    return _preferences(after)
