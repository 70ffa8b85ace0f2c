"""Families that blind batches 35 and 36 (first runs in bench/batches/batch35_first_run.txt and
batch36_first_run.txt) found missing in English, with phrasings of their own:

- a person corrected inside a new channel's members or a new task's assignees ("…, add Priya, no wait, add
  Elena instead" made both members, and "add X um add P, no wait" had put "add wait" into the name);
- "add Tom, no, add David instead": "no" is never a name in a list;
- "mentioning P saying M" / "mentioning P: M": who to tag, then the words;
- "with A and B, public": the privacy after a list of members; "mktg" is marketing;
- a word in brackets ("Link A with B (related)", "(urgent)") is a detail said after a comma; a message keeps them;
- "the X one, we're dropping it, just cancel it": the topic, a remark, then the request about "it";
- "…, she's swamped, give it to Tom": the remark is dropped, never the request after it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.intent.plan_cases import check_case

CASES: list[tuple[Any, str, Any]] = [
    (None, "um make a restricted channel called Vendor Watch uh add Mike, no wait, add Sarah instead",
     [{"type": "CREATE_CHANNEL", "name": "Vendor Watch", "privacy": "restricted", "members": ["Sarah"]}]),
    (None, "create a channel called Ops Sync, add Tom, sorry, add David instead",
     [{"type": "CREATE_CHANNEL", "name": "Ops Sync", "privacy": "public", "members": ["David"]}]),
    (None, "create a channel called Ops Sync, add Tom, no wait, add David too",
     [{"type": "CREATE_CHANNEL", "name": "Ops Sync", "privacy": "public", "members": ["Tom", "David"]}]),
    (None, "new task to renew the insurance, assign Lisa, no wait, assign Elena",
     [{"type": "CREATE_TASK", "title": "renew the insurance", "priority": "medium", "assignees": ["Elena"]}]),
    (None, "add Mike to Leadership, no, add Priya instead",
     [{"type": "ADD_MEMBER", "channel": "Leadership", "user_id": "Priya", "role": "member"}]),
    (None, "post in website redesign mentioning lisa saying the mockups are in the drive",
     [{"type": "SEND_MESSAGE", "channel": "Website Redesign", "content": "The mockups are in the drive.",
       "mentions": ["Lisa"]}]),
    (None, "post in General saying we are mentioning the merger tomorrow",
     [{"type": "SEND_MESSAGE", "channel": "General", "content": "We are mentioning the merger tomorrow."}]),
    (None, "new ops channel Night Shift with Tom and Mike, restricted",
     [{"type": "CREATE_CHANNEL", "name": "Night Shift", "category_id": "Operations", "privacy": "restricted",
       "members": ["Tom", "Mike"]}]),
    (None, "mktg channel called Spring Promo with Sarah",
     [{"type": "CREATE_CHANNEL", "name": "Spring Promo", "category_id": "Marketing", "privacy": "public",
       "members": ["Sarah"]}]),
    (None, "connect Website Redesign and Q4 Planning (sequential)",
     [{"type": "LINK_CHANNELS", "source": "Website Redesign", "target": "Q4 Planning",
       "relationship_type": "sequential"}]),
    (None, "create a task to order toner (high priority)",
     [{"type": "CREATE_TASK", "title": "order toner", "priority": "high"}]),
    (None, "post in General: the office is closed friday (holiday)",
     [{"type": "SEND_MESSAGE", "channel": "General", "content": "The office is closed friday (holiday)."}]),
    (None, "the hire a designer one, we're pausing hiring, just cancel it",
     [{"type": "UPDATE_TASK", "task": "Hire a designer", "status": "cancelled"}]),
    (None, "create a task to fix the projector, he's slammed, give it to Mike",
     [{"type": "CREATE_TASK", "title": "fix the projector", "priority": "medium", "assignees": ["Mike"]}]),
]


@pytest.mark.parametrize(("setup", "text", "expected"), CASES, ids=[c[1][:60] for c in CASES])
def test_round11_families(setup: Any, text: str, expected: Any) -> None:
    check_case(setup, text, expected)
