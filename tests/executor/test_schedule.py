import uuid

import pytest

from executor.plan import Plan
from executor.schedule import PlanInvalid, waves


def _plan(actions):
    return Plan.model_validate({"actions": actions}).actions


def test_references_order_actions_into_waves():
    uid = str(uuid.uuid4())
    actions = _plan([
        {"id": "a2", "type": "ADD_MEMBER", "channel": {"ref": "a1"}, "user_id": uid},
        {"id": "a1", "type": "CREATE_CHANNEL", "name": "Q1"},
        {"id": "a3", "type": "CREATE_TASK", "channel": {"ref": "a1"}, "title": "one"},
        {"id": "a4", "type": "CREATE_TASK", "channel": {"ref": "a1"}, "title": "two"},
        {"id": "a5", "type": "CREATE_DEPENDENCY", "task": {"ref": "a4"}, "depends_on_task": {"ref": "a3"}},
    ])
    assert [[a.id for a in w] for w in waves(actions)] == [["a1"], ["a2", "a3", "a4"], ["a5"]]


def test_priority_breaks_ties_inside_a_wave():
    actions = _plan([
        {"id": "a1", "type": "CREATE_CHANNEL", "name": "low"},
        {"id": "a2", "type": "CREATE_CHANNEL", "name": "high", "exec_priority": 5},
    ])
    assert [a.id for a in waves(actions)[0]] == ["a2", "a1"]


def test_a_reference_to_a_missing_action_is_rejected():
    actions = _plan([{"id": "a1", "type": "ADD_MEMBER", "channel": {"ref": "zz"}, "user_id": str(uuid.uuid4())}])
    with pytest.raises(PlanInvalid) as err:
        waves(actions)
    assert err.value.code == "unknown_action_ref"


def test_actions_depending_on_each_other_in_a_circle_are_rejected():
    actions = _plan([
        {"id": "a1", "type": "CREATE_CHANNEL", "name": "x", "depends_on": ["a2"]},
        {"id": "a2", "type": "CREATE_CHANNEL", "name": "y", "depends_on": ["a1"]},
    ])
    with pytest.raises(PlanInvalid) as err:
        waves(actions)
    assert err.value.code == "action_cycle"


def test_duplicate_action_ids_are_rejected():
    actions = _plan([{"id": "a1", "type": "CREATE_CHANNEL", "name": "x"},
                     {"id": "a1", "type": "CREATE_CHANNEL", "name": "y"}])
    with pytest.raises(PlanInvalid):
        waves(actions)
