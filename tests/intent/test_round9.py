"""Families that blind batches 27 and 28 found missing (first runs in bench/batches/batch27_first_run.txt and
batch28_first_run.txt), each with phrasings of its own. "UNSURE": read, but the speaker is asked first.

- a reason after the request ("…, finance already did it") is never a task's name; in a message it stays;
- "P should help with that one (as well)", "have P pitch in on it": P is added to the task (a new title that
  ends in a reference, "help with that one", asks);
- a reminder counted back from the task's due date ("the day before at 10am", "three days before it's due",
  "a week before the deadline"); without a due date, a question;
- "<title starting with a verb> needs to be done by …" is that task's deadline;
- dashes between a new task's details; "… and one for P to …" is a second task;
- "mark A done and B in progress": two states with one verb.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.intent.plan_cases import check_case

CASES: list[tuple[Any, str, Any]] = [
    (
        ["Create a task for Lisa to renew the domain."],
        "cancel that task, IT already did it",
        [{"type": "UPDATE_TASK", "task": "renew the domain", "status": "cancelled"}],
    ),
    (
        ["Create a task for Lisa to renew the domain."],
        "mark it done, Tom took care of it already.",
        [{"type": "UPDATE_TASK", "task": "renew the domain", "status": "completed"}],
    ),
    (
        None,
        "post in general that the invoice is paid, Priya already handled it",
        [
            {
                "type": "SEND_MESSAGE",
                "channel": "General",
                "content": "The invoice is paid, Priya already handled it.",
            }
        ],
    ),
    (
        [
            "Create an operations channel called Depot Move.",
            "Add a task here for Mike to label the crates by Friday.",
        ],
        "David should help with that one as well",
        [{"type": "ASSIGN_USER", "task": "label the crates", "user_id": "David"}],
    ),
    (
        [
            "Create an operations channel called Depot Move.",
            "Add a task here for Mike to label the crates by Friday.",
        ],
        "have Tom pitch in on it too",
        [{"type": "ASSIGN_USER", "task": "label the crates", "user_id": "Tom"}],
    ),
    (
        ["Create a task for Priya to sign the lease renewal, due December 18."],
        "remind her about it the day before at 11am",
        [
            {
                "type": "SET_REMINDER",
                "user_id": "Priya",
                "message": "Reminder: sign the lease renewal",
                "scheduled_for": "2026-12-17 11:00",
                "task": "sign the lease renewal",
            }
        ],
    ),
    (
        ["Create a task for Priya to sign the lease renewal, due December 18."],
        "remind me about it three days before it's due",
        [
            {
                "type": "SET_REMINDER",
                "user_id": "Alex",
                "message": "Reminder: sign the lease renewal",
                "scheduled_for": "2026-12-15 09:00",
                "task": "sign the lease renewal",
            }
        ],
    ),
    (
        ["Create a task for Priya to sign the lease renewal, due December 18."],
        "remind Priya about it a week before the deadline",
        [
            {
                "type": "SET_REMINDER",
                "user_id": "Priya",
                "message": "Reminder: sign the lease renewal",
                "scheduled_for": "2026-12-11 09:00",
                "task": "sign the lease renewal",
            }
        ],
    ),
    (
        None,
        "Update website copy needs to be done by the 10th",
        [{"type": "SET_DEADLINE", "task": "Update website copy", "due_date": "2026-12-10 17:00"}],
    ),
    (
        None,
        "hire a designer has to be finished by next friday",
        [{"type": "SET_DEADLINE", "task": "Hire a designer", "due_date": "2026-12-04 17:00"}],
    ),
    (
        None,
        "new task in general - order the team hoodies - tom - due dec 9 - high priority",
        [
            {
                "type": "CREATE_TASK",
                "channel": "General",
                "title": "order the team hoodies",
                "priority": "high",
                "due_date": "2026-12-09 17:00",
                "assignees": ["Tom"],
            }
        ],
    ),
    (
        None,
        "post in general: lunch - tacos - at noon",
        [{"type": "SEND_MESSAGE", "channel": "General", "content": "Lunch - tacos - at noon."}],
    ),
    (
        "platform",
        "add a task for David to freeze the schema by Monday and one for Tom to write the rollback script by Tuesday",
        [
            {
                "type": "CREATE_TASK",
                "channel": "Platform Migration",
                "title": "freeze the schema",
                "priority": "medium",
                "due_date": "2026-11-30 17:00",
                "assignees": ["David"],
            },
            {
                "type": "CREATE_TASK",
                "channel": "Platform Migration",
                "title": "write the rollback script",
                "priority": "medium",
                "due_date": "2026-12-01 17:00",
                "assignees": ["Tom"],
            },
        ],
    ),
    (
        ["Create three tasks in General: order the tree, book the band and print the menus."],
        "mark the first one done and the last one in progress",
        [
            {"type": "UPDATE_TASK", "task": "order the tree", "status": "completed"},
            {"type": "UPDATE_TASK", "task": "print the menus", "status": "in_progress"},
        ],
    ),
    (
        ["Create three tasks in General: order the tree, book the band and print the menus."],
        "set book the band as blocked and print the menus as done",
        [
            {"type": "UPDATE_TASK", "task": "book the band", "status": "blocked"},
            {"type": "UPDATE_TASK", "task": "print the menus", "status": "completed"},
        ],
    ),
    # the recogniser's "channel name X" for "channel named X"; a channel called only "name" asks
    (
        None,
        "create an hr channel name Open Enrollment with Elena",
        [
            {
                "type": "CREATE_CHANNEL",
                "name": "Open Enrollment",
                "category_id": "HR",
                "privacy": "public",
                "members": ["Elena"],
            }
        ],
    ),
    (None, "create a channel called name", "UNSURE"),
    (None, "create a task to help with that one", "UNSURE"),
    (None, "remind Tom about review vendor contracts the day before", "UNSURE"),
    ("platform", "add a task to follow up on it", "UNSURE"),
]


@pytest.mark.parametrize(("setup", "text", "expected"), CASES, ids=[c[1][:60] for c in CASES])
def test_round9_families(setup: Any, text: str, expected: Any) -> None:
    check_case(setup, text, expected)
