"""The parser understands a command against what the speaker may see, nothing more (issue 8, finding 4)."""

from __future__ import annotations

import json
from uuid import UUID

from server.auth import AuthUser
from server.commands import build_context
from server.settings import Settings


async def _private_resource(alex, pool, name):
    leadership = await pool.fetchval("SELECT id FROM channels WHERE name = 'Leadership'")
    made = await alex.post("/api/resources", {"name": name, "url": "https://example.com/x",
                                              "resource_type": "link"}, expect=201)
    await alex.post(f"/api/resources/{made['id']}/links", {"channel_id": str(leadership)}, expect=201)
    return made["id"]


async def test_a_dry_run_never_names_a_private_resource_the_speaker_cannot_see(as_user, pool):
    alex, tom = await as_user("alex"), await as_user("tom")
    secret = await _private_resource(alex, pool, "Severance Packages Spreadsheet")
    await tom.get(f"/api/resources/{secret}", expect=404)
    out = await tom.post("/api/commands", {"text": "share the severance packages in Infrastructure",
                                           "dry_run": True}, expect=200)
    dumped = json.dumps(out)
    assert secret not in dumped and "Severance Packages" not in dumped, out


async def test_the_command_context_holds_only_what_the_speaker_may_see(as_user, pool, tmp_path):
    alex, tom = await as_user("alex"), await as_user("tom")
    secret = await _private_resource(alex, pool, "Board Minutes Draft")
    offsite = await pool.fetchval("SELECT id FROM tasks WHERE title = 'Plan the 2027 offsite'")
    leadership = await pool.fetchval("SELECT id FROM channels WHERE name = 'Leadership'")

    who = AuthUser(UUID(tom.id), "staff", "Tom Baker", "tom@example.com")

    async with pool.acquire() as conn:
        ctx = await build_context(conn, who, Settings(data_dir=tmp_path), None)
    assert str(secret) not in {str(r.id) for r in ctx.resources}
    assert "Brand Guidelines" in {r.name for r in ctx.resources}  # shared in a public channel
    assert leadership not in {c.id for c in ctx.channels}
    assert offsite not in {t.id for t in ctx.tasks}


async def test_a_title_ending_in_to_an_unseen_channel_name_asks_and_never_says_whether_it_exists(as_user, pool):
    """ "add a task called peek to Leadership" by someone who cannot see Leadership: never an
    organisation-wide task titled "peek to Leadership" reported as done. It asks, with the same
    words as for a channel that does not exist at all."""
    tom = await as_user("tom")
    before = await pool.fetchval("SELECT count(*) FROM tasks")
    answers = {}
    for name in ("Leadership", "Narnia Board"):
        out = await tom.post("/api/commands", {"text": f"add a task called peek to {name}"}, expect=200)
        assert out["status"] != "completed", out
        dumped = json.dumps(out)
        leadership = str(await pool.fetchval("SELECT id FROM channels WHERE name = 'Leadership'"))
        assert leadership not in dumped
        answers[name] = json.dumps({k: out[k] for k in ("status", "error", "clarification") if k in out}).replace(
            name, "<name>")
    assert answers["Leadership"] == answers["Narnia Board"]
    assert await pool.fetchval("SELECT count(*) FROM tasks") == before
    # A channel Tom sees still works, and so does a person's name or a date at the end of a title.
    done = await tom.post("/api/commands", {"text": "add a task called peek to Infrastructure"}, expect=200)
    assert done["status"] == "completed", done
    for text in ("add a task called send the deck to Sarah", "add a task called move the demo to Friday"):
        out = await tom.post("/api/commands", {"text": text}, expect=200)
        assert out["status"] == "completed", (text, out)
    assert await pool.fetchval("SELECT count(*) FROM tasks WHERE title = 'send the deck to Sarah'") == 1
