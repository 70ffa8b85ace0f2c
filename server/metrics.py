"""Latency as data: per-stage histograms in Prometheus text format at `/metrics`."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from server.auth import authenticate
from server.errors import ApiError
from server.keys import METRICS

_MS_BUCKETS = (5, 10, 25, 50, 100, 200, 300, 400, 500, 650, 800, 1000, 1200, 1500, 2000, 3000, 5000, 10000)
STAGES = ("endpoint_delay_ms", "asr_final_delay_ms", "parse_ms", "execute_ms", "end_of_speech_to_commit_ms")


class Metrics:
    """One registry per app (no process globals), so tests and several apps never collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.voice_stage = Histogram(
            "voicedesk_voice_stage_ms", "Voice command latency by stage, from the backdated end of speech (ms)",
            ["stage"], buckets=_MS_BUCKETS, registry=self.registry)
        self.command_ms = Histogram(
            "voicedesk_command_ms", "Command processing time, text in to committed (ms)", ["source", "status"],
            buckets=_MS_BUCKETS, registry=self.registry)
        self.voice_sessions = Gauge("voicedesk_voice_sessions", "Open voice sessions", registry=self.registry)
        self.asr_lag = Histogram("voicedesk_asr_lag_ms", "How far recognition fell behind the audio (ms)",
                                 buckets=_MS_BUCKETS, registry=self.registry)
        self.voice_refusals = Counter("voicedesk_voice_refusals", "Voice offers refused", ["reason"],
                                      registry=self.registry)

    def observe_voice(self, timings: dict[str, Any]) -> None:
        for stage in STAGES:
            value = timings.get(stage)
            if isinstance(value, int | float):
                self.voice_stage.labels(stage).observe(value)
        lag = timings.get("max_lag_ms")
        if isinstance(lag, int | float):
            self.asr_lag.observe(lag)


async def metrics_endpoint(request: web.Request) -> web.Response:
    user = await authenticate(request)
    if not user.is_manager:
        raise ApiError(403, "forbidden", "Metrics are for the CEO and managers")
    body = generate_latest(request.app[METRICS].registry)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def setup(app: web.Application) -> None:
    app[METRICS] = Metrics()
    app.router.add_get("/metrics", metrics_endpoint)
