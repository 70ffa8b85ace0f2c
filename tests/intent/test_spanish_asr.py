"""Spanish as whisper base transcribes it: small slips around the date must not leak into titles."""

from __future__ import annotations

from bench.demo_org import CATEGORY, PERSON, demo_context
from pipeline.intent import parse


def test_a_weekday_after_del_or_en_el_at_the_end_of_a_clause_is_the_due_date() -> None:
    for text in [
        "Crea una tarea para revisar los contratos el viernes y asígnala a Priya.",
        "Crea una tarea para revisar los contratos del viernes y asígnala a Priya.",  # heard by whisper base
        "Crea una tarea para revisar los contratos en el viernes y asígnala a Priya.",
        "Crea una tarea para revisar los contratos del viernes.",
    ]:
        plan = parse(text, demo_context())
        (task,) = plan.actions
        assert task.type == "CREATE_TASK", text
        assert task.title == "revisar los contratos", text
        assert task.due_date is not None and task.due_date.strftime("%Y-%m-%d %H:%M") == "2026-11-27 17:00", text
        if "Priya" in text:
            assert task.assignees == [PERSON["Priya"].id]



def test_an_hr_channel_called_bienestar_with_elena_and_tom() -> None:
    plan = parse("Crea un canal de recursos humanos llamado Bienestar y añade a Elena y a Tom", demo_context())
    (channel,) = plan.actions
    assert channel.type == "CREATE_CHANNEL" and channel.name == "Bienestar"
    assert channel.category_id == CATEGORY["HR"].id and channel.members == [PERSON["Elena"].id, PERSON["Tom"].id]
