from __future__ import annotations

import pytest

from server.auth import AuthUser
from server.commands import CommandService
from server.settings import Settings


@pytest.fixture(scope="module")
async def app_service(admin_dsn, template_db, tmp_path_factory):
    """One database and CommandService for a whole property test (a DB per example is too slow)."""
    from store import db
    from tests.conftest import clone_database, drop_database

    name = await clone_database(admin_dsn, template_db)
    pool = await db.create_pool(db.with_database(admin_dsn, name), min_size=1, max_size=4)
    row = await pool.fetchrow("SELECT id, role::text AS role, full_name, email FROM users WHERE email='alex@example.com'")
    user = AuthUser(row["id"], row["role"], row["full_name"], row["email"])
    published = []

    async def publish(events):
        published.extend(events)

    service = CommandService(pool, Settings(data_dir=tmp_path_factory.mktemp("cmd")), publish)
    yield service, pool, user
    await pool.close()
    await drop_database(admin_dsn, name)
