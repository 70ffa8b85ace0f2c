"""Spanish families that blind batch 24 (bench/batches/batch24_mixed.jsonl) missed: each rule is checked with
phrasings of its own (other verbs, tasks, people and channels than the batch's), so the rules in
`pipeline/intent/spanish.py` are shown to cover the family, not the sentence.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.parse_corpus import context_for
from pipeline.intent import parse
from pipeline.intent.describe import describe

CASES: list[tuple[Any, str, Any]] = [
    # who a message tags, said with a gerund after the quoted words or before the colon: '…: "…", mencionando a P y a Q'
    (None, 'Archiva Leadership y publica en Q4 Planning: "cerramos el trimestre con buenas cifras", mencionando a Priya y a David.',
     [{"type": "UPDATE_CHANNEL", "channel": "Leadership", "status": "archived"}, {"type": "SEND_MESSAGE", "channel": "Q4 Planning", "content": "Cerramos el trimestre con buenas cifras.", "mentions": ["Priya", "David"]}]),
    (None, 'manda en General un mensaje etiquetando a Mike: "la reunión pasa a las cinco"',
     [{"type": "SEND_MESSAGE", "channel": "General", "content": "La reunión pasa a las cinco.", "mentions": ["Mike"]}]),
    (None, 'escribe en General: "mañana no hay oficina", mencionando a Roberto',
     'UNSURE'),
    (None, 'manda en General un mensaje etiquetando a Roberto: "la reunión pasa a las cinco"',
     'UNSURE'),
    # the role someone joins a channel with: 'como dueña', 'como miembro normal', 'como manager (del canal)'
    (None, 'añade a Elena a Website Redesign como dueña y a David como miembro normal',
     [{"type": "ADD_MEMBER", "channel": "Website Redesign", "user_id": "Elena", "role": "owner"}, {"type": "ADD_MEMBER", "channel": "Website Redesign", "user_id": "David", "role": "member"}]),
    (None, 'quita a Lisa de General, mete a Tom como manager y a Sarah como integrante',
     [{"type": "REMOVE_MEMBER", "channel": "General", "user_id": "Lisa"}, {"type": "ADD_MEMBER", "channel": "General", "user_id": "Tom", "role": "manager"}, {"type": "ADD_MEMBER", "channel": "General", "user_id": "Sarah", "role": "member"}]),
    # 'Mejor …' before a command takes back what was said, and is not part of the request
    (['Crea un canal de soporte llamado Soporte 2027.'], 'Mejor llámalo Soporte Global y añade a Mike como administrador.',
     [{"type": "UPDATE_CHANNEL", "channel": "Soporte 2027", "name": "Soporte Global"}, {"type": "ADD_MEMBER", "channel": "Soporte 2027", "user_id": "Mike", "role": "manager"}]),
    # 'vincula A con B' between two channels said whole
    (None, 'vincula Website Redesign con Leadership y archiva General',
     [{"type": "LINK_CHANNELS", "source": "Website Redesign", "target": "Leadership", "relationship_type": "related"}, {"type": "UPDATE_CHANNEL", "channel": "General", "status": "archived"}]),
    (None, 'conecta el canal General con Q4 Planning',
     [{"type": "LINK_CHANNELS", "source": "General", "target": "Q4 Planning", "relationship_type": "related"}]),
    # a document put on a task ('sube / adjunta X a la tarea Y') is an upload; to a channel, 'sube' shares it
    (None, 'sube las brand guidelines a la tarea update website copy',
     [{"type": "UPLOAD_FILE", "resource_id": "Brand Guidelines", "task": "Update website copy"}]),
    (None, 'adjunta el Q4 report a la tarea Prepare Q4 report y comparte el pitch deck con la categoría de ventas',
     [{"type": "UPLOAD_FILE", "resource_id": "Q4 Report", "task": "Prepare Q4 report"}, {"type": "SHARE_RESOURCE", "resource_id": "Pitch Deck", "category_id": "Sales"}]),
    # '… y otra de Y que vaya después de esa': the new task said just before, by its title; with none before, asked
    (None, 'crea una tarea de pedir el catering para lisa para el jueves y otra de montar las mesas que vaya después de esa',
     [{"type": "CREATE_TASK", "title": "pedir el catering", "priority": "medium", "due_date": "2026-11-26 17:00", "assignees": ["Lisa"]}, {"type": "CREATE_TASK", "title": "montar las mesas", "priority": "medium"}, {"type": "CREATE_DEPENDENCY", "task": "new:montar las mesas", "depends_on_task": "new:pedir el catering", "dependency_type": "follows"}]),
    (None, 'crea una tarea de limpiar el garaje que dependa de esa',
     'UNSURE'),
]


@pytest.mark.parametrize(("setup", "text", "expected"), CASES, ids=[c[1][:50] for c in CASES])
def test_spanish_phrasing_gives_exactly_this_plan(setup: Any, text: str, expected: Any) -> None:
    ctx = context_for({"setup": setup} if setup else {})
    plan = parse(text, ctx)
    if expected == "UNSURE":  # read, but held under the bar: the speaker is asked before anything is done
        assert plan.confidence < 0.6 or plan.clarification is not None or plan.error is not None, plan
        return
    assert plan.error is None and plan.clarification is None, plan
    assert plan.confidence >= 0.6, plan.doubts
    assert describe(plan, ctx) == expected
