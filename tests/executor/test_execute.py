import uuid

from executor.plan import Plan
from executor.run import execute
from tests.executor.helpers import channel_id, fingerprint, person


async def test_a_plan_creates_a_channel_with_members_in_one_transaction(pool):
    alex, sarah, mike = [await person(pool, n) for n in ("Alex", "Sarah", "Mike")]
    plan = Plan.model_validate({"actions": [
        {"id": "a1", "type": "CREATE_CHANNEL", "name": "Q1 Launch", "privacy": "private"},
        {"id": "a2", "type": "ADD_MEMBER", "channel": {"ref": "a1"}, "user_id": str(sarah.id)},
        {"id": "a3", "type": "ADD_MEMBER", "channel": {"ref": "a1"}, "user_id": str(mike.id)},
    ]})
    events = []

    async def progress(e):
        events.append(e)

    result = await execute(pool, plan, alex, progress=progress)
    assert result.ok, result.error
    cid = result.results[0].entity_id
    members = {r["user_id"] for r in await pool.fetch("SELECT user_id FROM channel_members WHERE channel_id=$1", cid)}
    assert members == {alex.id, sarah.id, mike.id}
    assert [r.status for r in result.results] == ["done", "done", "done"]
    states = [(e["state"], e["action_id"]) for e in events]
    assert states[:3] == [("planned", "a1"), ("planned", "a2"), ("planned", "a3")]
    assert ("started", "a1") in states and ("done", "a3") in states
    assert {e["type"] for e in result.events} >= {"channel.created", "channel.member_added", "notification.created"}
    audit = await pool.fetchval("SELECT count(*) FROM audit_log WHERE entity_id = $1", cid)
    assert audit >= 3


async def test_unknown_person_rolls_back_the_whole_command(pool):
    alex = await person(pool, "Alex")
    before = await fingerprint(pool)
    plan = Plan.model_validate({"actions": [
        {"id": "a1", "type": "CREATE_CHANNEL", "name": "Offsite"},
        {"id": "a2", "type": "ADD_MEMBER", "channel": {"ref": "a1"}, "user_id": str(uuid.uuid4())},
    ]})
    result = await execute(pool, plan, alex)
    assert not result.ok
    assert result.error["code"] == "unknown_person" and result.error["action_id"] == "a2"
    assert await fingerprint(pool) == before


async def test_a_failure_midway_rolls_back_what_earlier_actions_did(pool):
    alex = await person(pool, "Alex")
    before = await fingerprint(pool)
    plan = Plan.model_validate({"actions": [
        {"id": "a1", "type": "CREATE_CHANNEL", "name": "Platform Migration"},
        {"id": "a2", "type": "LINK_CHANNELS", "source": {"ref": "a1"}, "target": {"ref": "a1"},
         "relationship_type": "sequential"},
    ]})
    states = []

    async def progress(e):
        states.append((e["state"], e["action_id"]))

    result = await execute(pool, plan, alex, progress=progress)
    assert not result.ok and result.error["action_id"] == "a2"
    assert [r.status for r in result.results] == ["rolled_back", "failed"]
    assert ("rolled_back", "a1") in states and ("failed", "a2") in states
    assert result.events == []
    assert await fingerprint(pool) == before


async def test_staff_cannot_create_a_channel_by_command(pool):
    mike = await person(pool, "Mike")
    before = await fingerprint(pool)
    plan = Plan.model_validate({"actions": [{"id": "a1", "type": "CREATE_CHANNEL", "name": "Mine"}]})
    result = await execute(pool, plan, mike)
    assert not result.ok and result.error["code"] == "forbidden"
    assert await fingerprint(pool) == before


async def test_staff_cannot_touch_a_private_channel_they_cannot_see(pool):
    tom = await person(pool, "Tom")
    leadership = await channel_id(pool, "Leadership")
    plan = Plan.model_validate({"actions": [
        {"id": "a1", "type": "SEND_MESSAGE", "channel": str(leadership), "content": "hello"}]})
    result = await execute(pool, plan, tom)
    assert not result.ok and result.error["code"] == "unknown_channel"


async def test_channel_updates_pause_and_make_restricted(pool):
    alex = await person(pool, "Alex")
    brand = await channel_id(pool, "Brand Refresh")
    plan = Plan.model_validate({"actions": [
        {"id": "a1", "type": "UPDATE_CHANNEL", "channel": str(brand), "status": "paused", "privacy": "restricted"}]})
    result = await execute(pool, plan, alex)
    assert result.ok, result.error
    row = await pool.fetchrow("SELECT status::text, privacy::text FROM channels WHERE id = $1", brand)
    assert tuple(row) == ("paused", "restricted")


async def test_restating_an_existing_dependency_is_a_no_op_not_a_failure(pool):
    alex = await person(pool, "Alex")
    made = await execute(pool, Plan.model_validate({"actions": [
        {"id": "a1", "type": "CREATE_TASK", "title": "book flights"},
        {"id": "a2", "type": "CREATE_TASK", "title": "print brochures"},
        {"id": "a3", "type": "CREATE_DEPENDENCY", "task": {"ref": "a2"}, "depends_on_task": {"ref": "a1"}},
    ]}), alex)
    assert made.ok, made.error
    flights, brochures = made.results[0].entity_id, made.results[1].entity_id
    again = await execute(pool, Plan.model_validate({"actions": [
        {"id": "a1", "type": "CREATE_DEPENDENCY", "task": str(brochures), "depends_on_task": str(flights)}]}), alex)
    assert again.ok, again.error
    assert again.results[0].data["unchanged"] is True
    assert await pool.fetchval("SELECT count(*) FROM task_dependencies WHERE task_id = $1", brochures) == 1
    other_type = await execute(pool, Plan.model_validate({"actions": [
        {"id": "a1", "type": "CREATE_DEPENDENCY", "task": str(brochures), "depends_on_task": str(flights),
         "dependency_type": "follows"}]}), alex)
    assert not other_type.ok and other_type.error["code"] == "duplicate_dependency"


async def test_a_dependency_cycle_in_a_command_rolls_it_back_and_names_the_cycle(pool):
    alex = await person(pool, "Alex")
    before = await fingerprint(pool)
    result = await execute(pool, Plan.model_validate({"actions": [
        {"id": "a1", "type": "CREATE_TASK", "title": "design"},
        {"id": "a2", "type": "CREATE_TASK", "title": "build"},
        {"id": "a3", "type": "CREATE_DEPENDENCY", "task": {"ref": "a2"}, "depends_on_task": {"ref": "a1"}},
        {"id": "a4", "type": "CREATE_DEPENDENCY", "task": {"ref": "a1"}, "depends_on_task": {"ref": "a2"}},
    ]}), alex)
    assert not result.ok and result.error["code"] == "dependency_cycle" and result.error["action_id"] == "a4"
    assert [c["title"] for c in result.error["details"]["cycle"]] == ["design", "build"]
    assert await fingerprint(pool) == before
