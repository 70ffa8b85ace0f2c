"""The optional LLM behind POST /api/commands, against a fake OpenAI-compatible server that speaks
the real HTTP protocol: used when the parser is unsure, validated like the parser's plans, and its
failure or slowness never hangs a command."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from typing import Any

import pytest
from aiohttp import web

from server.app import create_app
from server.bus import InProcessBus
from tests.conftest import sign_in
from tests.intent.test_llm import _completion

SAID = "Tom will be out Friday"


@pytest.fixture
async def llm(aiohttp_server: Any) -> Any:
    state: dict[str, Any] = {"mode": "good", "plan": None, "requests": []}

    async def completions(request: web.Request) -> web.Response:
        body = await request.json()
        state["requests"].append(body)
        if state["mode"] == "slow":
            await asyncio.sleep(3)
        if state["mode"] == "garbage":
            return web.json_response(_completion("I think you should post a message."))
        return web.json_response(_completion(json.dumps(state["plan"])))

    app = web.Application()
    app.router.add_post("/v1/chat/completions", completions)
    server = await aiohttp_server(app)
    state["url"] = str(server.make_url("/v1"))
    return state


@pytest.fixture
async def alex(settings: Any, pool: Any, llm: dict[str, Any], aiohttp_client: Any) -> Any:
    configured = replace(settings, openai_api_key="sk-test", openai_base_url=llm["url"], llm_mode="fallback",
                         llm_timeout_s=1)
    client = await aiohttp_client(create_app(configured, pool=pool, bus=InProcessBus()))
    return await sign_in(client, "alex")


async def test_the_llm_plan_is_used_when_the_parser_does_not_understand(alex, llm, pool):
    infra = await pool.fetchval("SELECT id FROM channels WHERE name = 'Infrastructure'")
    llm["plan"] = {"actions": [{"id": "a1", "type": "SEND_MESSAGE", "channel": str(infra),
                                "content": "Tom will be out Friday."}], "confidence": 0.8}
    out = await alex.post("/api/commands", {"text": SAID}, expect=200)
    assert out["status"] == "completed", out
    assert out["plan"]["source"] == "llm"
    assert len(llm["requests"]) == 1 and SAID in json.dumps(llm["requests"][0])
    assert await pool.fetchval("SELECT content FROM messages WHERE channel_id = $1", infra) == \
        "Tom will be out Friday."


async def test_a_confident_parse_does_not_ask_the_llm(alex, llm):
    out = await alex.post("/api/commands", {"text": "Create an HR channel called Benefits"}, expect=200)
    assert out["status"] == "completed" and out["plan"]["source"] == "parser"
    assert llm["requests"] == []


async def test_an_llm_plan_naming_someone_unknown_is_rejected_and_nothing_changes(alex, llm, pool):
    llm["plan"] = {"actions": [{"id": "a1", "type": "CREATE_CHANNEL", "name": "Ghosts",
                                "members": ["00000000-0000-0000-0000-00000000dead"]}]}
    before = await pool.fetchval("SELECT count(*) FROM channels")
    out = await alex.post("/api/commands", {"text": SAID}, expect=200)
    assert out["status"] == "failed"
    assert await pool.fetchval("SELECT count(*) FROM channels") == before


@pytest.mark.parametrize("mode", ["garbage", "slow"])
async def test_llm_garbage_or_timeout_falls_back_to_the_parsers_answer(alex, llm, mode):
    llm["mode"] = mode
    started = asyncio.get_running_loop().time()
    out = await alex.post("/api/commands", {"text": SAID}, expect=200)
    assert out["status"] == "failed" and out["error"]["code"] == "not_understood"
    assert asyncio.get_running_loop().time() - started < 2.5  # the 1 s timeout held
