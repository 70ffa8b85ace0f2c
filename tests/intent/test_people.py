"""Names as people say them (and as speech recognition hears them) find the right person."""

from __future__ import annotations

import pytest

from bench.demo_org import PEOPLE, PERSON, _id
from pipeline.intent.context import Person
from pipeline.intent.people import lookup


@pytest.mark.parametrize(
    ("said", "who"),
    [
        ("Sarah", "Sarah"),
        ("sarah chen", "Sarah"),
        ("Chen", "Sarah"),
        ("Sera", "Sarah"),
        ("Sara", "Sarah"),
        ("Mike", "Mike"),
        ("mic", "Mike"),
        ("Michael", "Mike"),
        ("Dave", "David"),
        ("Tom", "Tom"),
        ("Thomas", "Tom"),
        ("Pria", "Priya"),
        ("Elena", "Elena"),
        ("Lisa Wong", "Lisa"),
        ("me", "Alex"),
    ],
)
def test_people_by_name_nickname_and_sound(said: str, who: str) -> None:
    found = lookup(said, PEOPLE, PEOPLE[0])
    assert found.match is not None and found.match.person == PERSON[who], said


@pytest.mark.parametrize("said", ["Nobody", "Zed", "the team", "Bob", "Sarah Smith"])
def test_unknown_names_match_no_one(said: str) -> None:
    assert lookup(said, PEOPLE, PEOPLE[0]).match is None


def test_two_people_with_the_same_first_name_are_a_question() -> None:
    people = [*PEOPLE, Person(_id(1, 99), "Sarah Lopez", "sl@demo.co", "staff")]
    found = lookup("Sarah", people, PEOPLE[0])
    assert found.match is None
    assert {m.person.full_name for m in found.rivals} == {"Sarah Chen", "Sarah Lopez"}
    assert lookup("Sarah Lopez", people, PEOPLE[0]).match is not None
