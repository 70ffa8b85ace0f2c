"""People of the organisation: list, create (CEO/managers), update, deactivate."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field

from server.api.schemas import UserOut, user_out
from server.auth import hash_password_async, verify_password
from server.errors import ApiError, not_found
from server.http import Api, Call, changes
from server.keys import LIMITER, POOL
from server.pagination import Page, PageQuery, decode_cursor, page
from server.ratelimit import before_password_guess, password_guess_failed
from store import access, tokens, users

api = Api()
Role = Literal["ceo", "manager", "staff"]
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
LANGUAGE = r"^[a-z]{2}(-[A-Z]{2})?$"
COLOR = r"^#[0-9A-Fa-f]{6}$"

PASSWORD_MIN, PASSWORD_MAX = 8, 256  # characters; the minimum does not count spaces at either end


def _password_policy(value: str) -> str:
    if len(value.strip()) < PASSWORD_MIN:
        raise ValueError(f"a password needs at least {PASSWORD_MIN} characters besides spaces at either end")
    return value


NewPassword = Annotated[str, Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX,
                                   description=f"{PASSWORD_MIN}-{PASSWORD_MAX} characters, "
                                               f"at least {PASSWORD_MIN} of them besides spaces at either end"),
                        AfterValidator(_password_policy)]


class UserIn(BaseModel):
    email: str = Field(min_length=3, max_length=320, pattern=EMAIL)
    full_name: str = Field(min_length=1, max_length=200, pattern=r"\S")
    password: NewPassword
    role: Role = "staff"
    nicknames: list[str] = Field(default_factory=list, max_length=20)
    department: str | None = Field(default=None, max_length=100)
    language: str = Field(default="en", pattern=LANGUAGE)
    timezone: str = Field(default="UTC", max_length=64)
    avatar_color: str | None = Field(default=None, pattern=COLOR)


class UserPatch(BaseModel):
    full_name: str | None = Field(default=None, min_length=1, max_length=200, pattern=r"\S")
    password: NewPassword | None = None
    current_password: str | None = Field(default=None, max_length=1024,
                                         description="needed to change your own password")
    role: Role | None = None
    nicknames: list[str] | None = Field(default=None, max_length=20)
    department: str | None = Field(default=None, max_length=100)
    language: str | None = Field(default=None, pattern=LANGUAGE)
    timezone: str | None = Field(default=None, max_length=64)
    avatar_color: str | None = Field(default=None, pattern=COLOR)
    is_active: bool | None = None


class UserQuery(PageQuery):
    role: Role | None = None
    q: str | None = Field(default=None, max_length=200)
    include_inactive: bool = False


def _check_timezone(tz: str | None) -> None:
    if tz is None:
        return
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(tz)
    except Exception:
        raise ApiError(422, "invalid_timezone", f"Unknown timezone {tz[:64]!r}", {"field": "timezone"}) from None


@api.route("GET", "/api/users", summary="People in the organisation", tags=["users"], query=UserQuery,
           response=Page[UserOut])
async def list_users(call: Call[BaseModel, UserQuery]) -> dict[str, object]:
    q = call.query
    after = decode_cursor(q.cursor, str, UUID)
    rows = await users.list_page(call.app[POOL], after=after, limit=q.limit + 1, role=q.role, q=q.q,  # type: ignore[arg-type]
                                 include_inactive=q.include_inactive and access.is_manager(call.user))
    return page(rows, q.limit, user_out, lambda r: (r["full_name"], r["id"]))


@api.route("POST", "/api/users", summary="Add a person (CEO; managers may add staff)", tags=["users"],
           body=UserIn, response=UserOut, status=201, errors=[403, 409])
async def create_user(call: Call[UserIn, BaseModel]) -> UserOut:
    body = call.body
    if not access.is_manager(call.user) or not access.may_assign_role(call.user, body.role):
        raise ApiError(403, "forbidden", f"You may not create a user with the role {body.role}",
                       {"your_role": call.user.role})
    _check_timezone(body.timezone)
    fields = body.model_dump(exclude={"password"})
    fields["password_hash"] = await hash_password_async(body.password)
    async with changes(call) as uow:
        if await users.by_email(uow.conn, body.email):
            raise ApiError(409, "email_taken", f"Someone already uses {body.email}")
        row = await users.create(uow.conn, fields)
        await uow.change("user.created", "user", row["id"], None, row)
    return user_out(row)


@api.route("GET", "/api/users/{user_id}", summary="One person", tags=["users"], response=UserOut, errors=[404])
async def get_user(call: Call[BaseModel, BaseModel]) -> UserOut:
    row = await users.get(call.app[POOL], call.ids["user_id"])
    if row is None or (not row["is_active"] and not access.is_manager(call.user)):
        raise not_found("User", call.ids["user_id"])
    return user_out(row)


_SELF_FIELDS = {"full_name", "password", "current_password", "nicknames", "language", "timezone", "avatar_color"}


@api.route("PATCH", "/api/users/{user_id}", summary="Change a person (self, or CEO/managers for staff)",
           tags=["users"], body=UserPatch, response=UserOut, errors=[403, 404])
async def update_user(call: Call[UserPatch, BaseModel]) -> UserOut:
    user_id = call.ids["user_id"]
    fields = call.body.model_dump(exclude_unset=True)
    if any(fields.get(k, "") is None for k in ("full_name", "role", "language", "timezone", "is_active")):
        raise ApiError(422, "invalid_input", "full_name, role, language, timezone and is_active cannot be null")
    pool = call.app[POOL]
    target = await users.get(pool, user_id)
    if target is None:
        raise not_found("User", user_id)
    is_self = user_id == call.user.id
    may_manage = access.may_assign_role(call.user, target["role"]) and access.is_manager(call.user)
    if not may_manage and not (is_self and set(fields) <= _SELF_FIELDS):
        raise ApiError(403, "forbidden", "You may not change this person's account")
    if "role" in fields and not access.may_assign_role(call.user, fields["role"]):
        raise ApiError(403, "forbidden", f"You may not give the role {fields['role']}")
    if is_self and fields.get("is_active") is False:
        raise ApiError(422, "invalid_input", "You cannot deactivate yourself")
    _check_timezone(fields.get("timezone"))
    current_password = fields.pop("current_password", None)
    if "password" in fields:
        if is_self:  # a stolen session must not be enough to take the account over
            await _check_current_password(call, current_password)
        fields["password_hash"] = await hash_password_async(fields.pop("password"))
    async with changes(call) as uow:
        row = await users.update(uow.conn, user_id, fields)
        await uow.change("user.updated", "user", user_id, target, row)
        if fields.get("is_active") is False or "password_hash" in fields:
            await tokens.revoke_user(uow.conn, user_id)
    return user_out(row)


async def _check_current_password(call: Call[UserPatch, BaseModel], current_password: str | None) -> None:
    """Your own password changes only with the current one; a wrong one is a guess like a failed sign-in."""
    if current_password is None:
        raise ApiError(422, "current_password_required", "Give your current password to set a new one",
                       {"field": "current_password"})
    limiter, address, account = call.app[LIMITER], call.request.remote or "unknown", f"user:{call.user.id}"
    await before_password_guess(limiter, address, account)
    if not await verify_password(await users.password_hash(call.app[POOL], call.user.id), current_password):
        await password_guess_failed(limiter, address, account)
        raise ApiError(403, "wrong_password", "The current password is wrong", {"field": "current_password"})


@api.route("DELETE", "/api/users/{user_id}", summary="Deactivate a person (their history stays)",
           tags=["users"], response=UserOut, errors=[403, 404])
async def deactivate_user(call: Call[BaseModel, BaseModel]) -> UserOut:
    user_id = call.ids["user_id"]
    pool = call.app[POOL]
    target = await users.get(pool, user_id)
    if target is None:
        raise not_found("User", user_id)
    if user_id == call.user.id:
        raise ApiError(422, "invalid_input", "You cannot deactivate yourself")
    if not (access.is_manager(call.user) and access.may_assign_role(call.user, target["role"])):
        raise ApiError(403, "forbidden", "You may not deactivate this person")
    async with changes(call) as uow:
        row = await users.update(uow.conn, user_id, {"is_active": False})
        await tokens.revoke_user(uow.conn, user_id)
        await uow.change("user.deactivated", "user", user_id, target, row)
    return user_out(row)
