"""Every live event type has one pydantic model; the models are the documentation (docs/live.md and
`GET /api/events.schema.json`), and no event can be written without one."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import event_types
from store.unit import unit_of_work

DOCS = Path(__file__).resolve().parents[2] / "docs" / "live.md"


def test_docs_live_lists_every_event_type_as_generated_from_the_models():
    text = DOCS.read_text()
    begin, end = text.index(event_types.DOC_BEGIN), text.index(event_types.DOC_END)
    assert text[begin:end + len(event_types.DOC_END)] == event_types.markdown(), \
        "run `python -m store.event_types` to regenerate the table in docs/live.md"


async def test_the_event_schema_is_served_beside_the_openapi_document(client):
    resp = await client.get("/api/events.schema.json")
    assert resp.status == 200
    schema = await resp.json()
    mapping = schema["discriminator"]["mapping"]
    assert set(mapping) == set(event_types.EVENT_MODELS)


async def test_an_event_without_a_model_cannot_be_written(pool):
    with pytest.raises(ValueError, match="no model"):
        async with unit_of_work(pool, None) as uow:
            await uow.emit("task.exploded", "task", None, {})


async def test_a_payload_carries_only_the_fields_its_model_declares(pool):
    async with unit_of_work(pool, None) as uow:
        event = await uow.emit("category.created", "category", None,
                               {"id": "00000000-0000-0000-0000-000000000001", "name": "Legal", "color": "#000000",
                                "icon": None, "description": None, "created_at": "2027-01-01T00:00:00+00:00",
                                "updated_at": "2027-01-01T00:00:00+00:00", "password_hash": "x"})
    assert "password_hash" not in event["payload"] and event["payload"]["name"] == "Legal"
