"""The `voicedesk` command line, run as a real subprocess against a fresh database."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from server.auth import verify_password

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    code: int
    out: str
    err: str


async def voicedesk(*args: str, env: dict[str, str]) -> Run:
    full_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "JWT_SECRET")}
    full_env.update(env)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server.cli", *args, cwd=ROOT, env=full_env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode is not None
    return Run(proc.returncode, out.decode(), err.decode())


def cli_env(dsn: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"DATABASE_URL": dsn, "VOICEDESK_DATA_DIR": str(tmp_path), "VOICEDESK_LOG_LEVEL": "WARNING", **extra}


async def test_migrate_creates_the_schema_and_a_second_run_is_a_no_op(empty_db_dsn, tmp_path):
    first = await voicedesk("migrate", env=cli_env(empty_db_dsn, tmp_path))
    assert first.code == 0, first.err
    assert "0001_schema.sql" in first.out
    second = await voicedesk("migrate", env=cli_env(empty_db_dsn, tmp_path))
    assert second.code == 0, second.err
    assert "nothing (up to date)" in second.out
    conn = await asyncpg.connect(empty_db_dsn)
    try:
        assert await conn.fetchval("SELECT count(*) FROM schema_migrations") >= 1
    finally:
        await conn.close()


async def test_seed_demo_creates_the_organisation_once(empty_db_dsn, tmp_path):
    env = cli_env(empty_db_dsn, tmp_path, VOICEDESK_DEMO_PASSWORD="seeded-password")
    first = await voicedesk("seed-demo", env=env)
    assert first.code == 0, first.err
    assert "demo organisation created" in first.out
    second = await voicedesk("seed-demo", env=env)
    assert second.code == 0, second.err
    assert "already present" in second.out
    conn = await asyncpg.connect(empty_db_dsn)
    try:
        assert await conn.fetchval("SELECT count(*) FROM users") == 8
        assert await conn.fetchval("SELECT count(*) FROM categories") == 6
        resources = {r["name"] for r in await conn.fetch("SELECT name FROM shared_resources")}
        assert {"Brand Guidelines", "Pitch Deck", "Q4 Report"} <= resources
        assert await conn.fetchval("SELECT count(*) FROM shared_resources") == 3
        assert await conn.fetchval("SELECT language FROM users WHERE email = 'elena@example.com'") == "es"
    finally:
        await conn.close()


async def test_create_user_adds_a_person_who_can_sign_in(empty_db_dsn, tmp_path):
    run = await voicedesk("create-user", "--email", "ops@example.com", "--name", "Olive Ops", "--role", "manager",
                          "--password", "long enough password", env=cli_env(empty_db_dsn, tmp_path))
    assert run.code == 0, run.err
    assert "Olive Ops <ops@example.com> as manager" in run.out
    conn = await asyncpg.connect(empty_db_dsn)
    try:
        row = await conn.fetchrow("SELECT role::text AS role, password_hash FROM users WHERE email = 'ops@example.com'")
        assert row["role"] == "manager"
        assert await verify_password(row["password_hash"], "long enough password")
        assert await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'user.created'") == 1
    finally:
        await conn.close()


async def test_create_user_refuses_a_taken_email(empty_db_dsn, tmp_path):
    args = ("create-user", "--email", "ops@example.com", "--name", "Olive Ops", "--password", "long enough password")
    assert (await voicedesk(*args, env=cli_env(empty_db_dsn, tmp_path))).code == 0
    again = await voicedesk(*args, env=cli_env(empty_db_dsn, tmp_path))
    assert again.code != 0
    assert "already uses ops@example.com" in again.err and "Traceback" not in again.err


async def test_create_user_with_a_malformed_email_is_one_line_not_a_traceback(empty_db_dsn, tmp_path):
    run = await voicedesk("create-user", "--email", "nope", "--name", "No One", "--password", "long enough password",
                          env=cli_env(empty_db_dsn, tmp_path))
    assert run.code != 0
    assert "Traceback" not in run.err
    assert run.err.strip().count("\n") == 0 and "email" in run.err


async def test_a_bad_environment_value_exits_with_one_line_and_no_traceback(empty_db_dsn, tmp_path):
    for bad in ({"VOICEDESK_PORT": "eighty"}, {"DATABASE_URL": "mysql://root@localhost/x"},
                {"VOICEDESK_TIMEZONE": "Atlantis/Capital"}):
        run = await voicedesk("migrate", env={**cli_env(empty_db_dsn, tmp_path), **bad})
        assert run.code != 0, bad
        assert "Traceback" not in run.err
        lines = run.err.strip().splitlines()
        assert len(lines) == 1 and next(iter(bad)) in lines[0], run.err


async def test_an_unreachable_database_exits_with_one_line(tmp_path):
    run = await voicedesk("migrate", env=cli_env("postgresql://nobody@127.0.0.1:1/none", tmp_path))
    assert run.code != 0
    assert "Traceback" not in run.err
    assert len(run.err.strip().splitlines()) == 1


async def test_an_unknown_command_is_a_usage_error(tmp_path):
    run = await voicedesk("explode", env={"VOICEDESK_DATA_DIR": str(tmp_path)})
    assert run.code == 2 and "usage:" in run.err and "Traceback" not in run.err
