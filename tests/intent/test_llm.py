"""The optional LLM path against a fake OpenAI-compatible server speaking the real HTTP protocol."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from openai import AsyncOpenAI

from bench.demo_org import CATEGORY, PERSON, demo_context
from executor.plan import Clarification, Plan, PlanError
from pipeline.intent.llm import choose, directory, plan_with_llm


def _completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "fake-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


GOOD_PLAN = {
    "actions": [
        {
            "id": "a1",
            "type": "CREATE_CHANNEL",
            "name": "Q1 launch",
            "category_id": str(CATEGORY["Marketing"].id),
            "members": [str(PERSON["Sarah"].id)],
        },
        {"id": "a2", "type": "ADD_MEMBER", "channel": {"ref": "a1"}, "user_id": str(PERSON["Mike"].id)},
    ],
    "confidence": 0.9,
}


class FakeOpenAI:
    """POST /v1/chat/completions; `mode` picks the behaviour of the next reply."""

    def __init__(self) -> None:
        self.mode = "good"
        self.requests: list[dict[str, Any]] = []

    async def completions(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        if self.mode == "slow":
            await asyncio.sleep(1.5)
        if self.mode == "invalid_json":
            return web.json_response(_completion("{not json at all"))
        if self.mode == "wrong_schema":
            return web.json_response(_completion(json.dumps({"actions": [{"id": "a1", "type": "NUKE"}]})))
        if self.mode == "invented_id":
            bad = json.loads(json.dumps(GOOD_PLAN))
            bad["actions"][0]["members"] = ["00000000-0000-0000-0000-00000000dead"]
            return web.json_response(_completion(json.dumps(bad)))
        if self.mode == "swallowed":
            bad = json.loads(json.dumps(GOOD_PLAN))
            bad["actions"][0]["name"] = "Q1 launch add Mike and Sarah"
            return web.json_response(_completion(json.dumps(bad)))
        if self.mode == "http_error":
            return web.json_response({"error": {"message": "boom", "type": "server_error"}}, status=500)
        return web.json_response(_completion(json.dumps(GOOD_PLAN)))


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeOpenAI, AsyncOpenAI]]:
    server = FakeOpenAI()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", server.completions)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    client = AsyncOpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="test-key", max_retries=0)
    try:
        yield server, client
    finally:
        await client.close()
        await runner.cleanup()


async def test_a_valid_reply_becomes_an_llm_plan(fake: tuple[FakeOpenAI, AsyncOpenAI]) -> None:
    server, client = fake
    ctx = demo_context()
    plan = await plan_with_llm(
        "create a marketing channel for Q1 launch with Sarah and Mike", ctx, client, "m", 5
    )
    assert plan is not None and plan.source == "llm"
    assert [a.type for a in plan.actions] == ["CREATE_CHANNEL", "ADD_MEMBER"]
    sent = server.requests[0]
    assert sent["response_format"]["type"] == "json_schema"
    assert "Sarah Chen" in json.dumps(sent["messages"])  # the directory went into the prompt
    assert sent["messages"][-1]["content"].startswith("create a marketing channel")


async def test_invalid_json_falls_back(fake: tuple[FakeOpenAI, AsyncOpenAI]) -> None:
    server, client = fake
    server.mode = "invalid_json"
    assert await plan_with_llm("anything", demo_context(), client, "m", 5) is None


async def test_a_reply_outside_the_schema_falls_back(fake: tuple[FakeOpenAI, AsyncOpenAI]) -> None:
    server, client = fake
    server.mode = "wrong_schema"
    assert await plan_with_llm("anything", demo_context(), client, "m", 5) is None


async def test_an_invented_id_falls_back(fake: tuple[FakeOpenAI, AsyncOpenAI]) -> None:
    server, client = fake
    server.mode = "invented_id"
    assert await plan_with_llm("anything", demo_context(), client, "m", 5) is None


async def test_a_name_that_swallowed_people_lowers_the_models_plan_below_the_bar(
    fake: tuple[FakeOpenAI, AsyncOpenAI],
) -> None:
    """The model's plan is held to the parser's rule: a name holding "add Mike and Sarah" is asked about."""
    server, client = fake
    server.mode = "swallowed"
    plan = await plan_with_llm("create Q1 launch add Mike and Sarah", demo_context(), client, "m", 5)
    assert plan is not None and plan.source == "llm"
    assert plan.confidence < 0.6 and any("Q1 launch add Mike and Sarah" in d for d in plan.doubts), plan
    server.mode = "good"
    clean = await plan_with_llm("create a marketing channel for Q1 launch with Sarah and Mike", demo_context(),
                                client, "m", 5)
    assert clean is not None and clean.confidence == 0.9 and clean.doubts == []


async def test_a_server_error_falls_back(fake: tuple[FakeOpenAI, AsyncOpenAI]) -> None:
    server, client = fake
    server.mode = "http_error"
    assert await plan_with_llm("anything", demo_context(), client, "m", 5) is None


async def test_a_slow_model_times_out_without_hanging(fake: tuple[FakeOpenAI, AsyncOpenAI]) -> None:
    server, client = fake
    server.mode = "slow"
    start = time.perf_counter()
    assert await plan_with_llm("anything", demo_context(), client, "m", 0.3) is None
    assert time.perf_counter() - start < 2.0


def test_choose_follows_the_mode() -> None:
    sure = Plan(confidence=0.95)
    unsure = Plan(confidence=0.4)
    failed = Plan(error=PlanError(code="unknown_person", message="x"))
    asking = Plan(clarification=Clarification(question="which?"))
    assert not choose(unsure, "off")
    assert choose(sure, "always")
    assert not choose(sure, "fallback")
    assert choose(unsure, "fallback") and choose(failed, "fallback") and choose(asking, "fallback")


def test_the_directory_lists_names_and_ids() -> None:
    text = directory(demo_context())
    assert f"Sarah Chen {PERSON['Sarah'].id}" in text
    assert "Brand Guidelines" in text and "Wednesday" in text
