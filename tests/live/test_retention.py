"""The outbox is kept for a retention period; older events are deleted and older cursors resync."""

from __future__ import annotations

from datetime import timedelta

from server.bus import InProcessBus
from server.scheduler import ReminderScheduler


async def test_events_older_than_the_retention_are_pruned_and_newer_ones_kept(pool):
    old = await pool.fetchval("INSERT INTO events (type, payload, created_at) VALUES "
                              "('task.created', '{}', now() - interval '40 days') RETURNING id")
    recent = await pool.fetchval("INSERT INTO events (type, payload) VALUES ('task.created', '{}') RETURNING id")
    scheduler = ReminderScheduler(pool, InProcessBus(), retention=timedelta(days=30))
    assert await scheduler.prune_once() == 1
    remaining = {r["id"] for r in await pool.fetch("SELECT id FROM events WHERE id = ANY($1)", [old, recent])}
    assert remaining == {recent}


async def test_no_retention_keeps_everything(pool):
    await pool.execute("INSERT INTO events (type, payload, created_at) VALUES "
                       "('task.created', '{}', now() - interval '4000 days')")
    assert await ReminderScheduler(pool, InProcessBus(), retention=None).prune_once() == 0
