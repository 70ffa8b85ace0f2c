"""A tiny stage graph: stages in a line, joined by bounded queues.

A `Stage` has one method that matters, `process_frame(frame)`, which calls `push(frame)`
for what goes downstream. `Pipeline` gives every stage an `Inbox` (a bounded data queue
plus an unbounded lane for `SystemFrame`s, which are served first) and a task that feeds
it. A stage can be driven alone with `drive(stage, frames)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable

from pipeline.frames import EndOfStream, Error, Frame, SystemFrame

log = logging.getLogger(__name__)

Sink = Callable[[Frame], Awaitable[None]]


class Stage:
    """One idea of the pipeline. Override `process_frame`; pass on what you do not consume."""

    def __init__(self) -> None:
        self._downstream: Sink | None = None

    @property
    def name(self) -> str:
        return type(self).__name__

    def link(self, downstream: Sink) -> None:
        """Send this stage's output to `downstream`."""
        self._downstream = downstream

    async def process_frame(self, frame: Frame) -> None:
        """Handle one frame; the default passes it on unchanged."""
        await self.push(frame)

    async def push(self, frame: Frame) -> None:
        """Send a frame downstream."""
        if self._downstream is None:
            raise RuntimeError(f"{self.name} is not linked to anything")
        await self._downstream(frame)

    async def close(self) -> None:
        """Release resources when the pipeline stops (optional)."""


class Inbox:
    """A bounded FIFO for data frames plus an unbounded lane that `SystemFrame`s jump into."""

    def __init__(self, maxsize: int) -> None:
        self._data: asyncio.Queue[Frame] = asyncio.Queue(maxsize)
        self._system: deque[Frame] = deque()
        self._wake = asyncio.Event()

    def qsize(self) -> int:
        return self._data.qsize() + len(self._system)

    async def put(self, frame: Frame) -> None:
        """Queue a frame; waits while the data queue is full (backpressure, never drops)."""
        if isinstance(frame, SystemFrame):
            self._system.append(frame)
        else:
            await self._data.put(frame)
        self._wake.set()

    async def get(self) -> Frame:
        while True:
            if self._system:
                return self._system.popleft()
            if not self._data.empty():
                return self._data.get_nowait()
            self._wake.clear()
            await self._wake.wait()


class Pipeline:
    """Stages in a line; the last stage's output goes to `sink`.

    `put()` feeds the first stage. `EndOfStream` travels through every stage; `wait()`
    returns once it reached the sink.
    """

    def __init__(self, stages: list[Stage], sink: Sink, *, queue_size: int = 256) -> None:
        if not stages:
            raise ValueError("a pipeline needs at least one stage")
        self.stages = stages
        self._sink = sink
        self._inboxes = [Inbox(queue_size) for _ in stages]
        self._tasks: list[asyncio.Task[None]] = []
        self._done = asyncio.Event()
        for stage, nxt in zip(stages, self._inboxes[1:], strict=False):
            stage.link(nxt.put)
        stages[-1].link(self._to_sink)

    async def _to_sink(self, frame: Frame) -> None:
        await self._sink(frame)
        if isinstance(frame, EndOfStream):
            self._done.set()

    def start(self) -> None:
        """Start one task per stage (idempotent)."""
        if not self._tasks:
            self._tasks = [
                asyncio.create_task(self._run(stage, inbox), name=f"stage:{stage.name}")
                for stage, inbox in zip(self.stages, self._inboxes, strict=True)
            ]

    def backlog(self) -> dict[str, int]:
        """Frames waiting in front of each stage."""
        return {s.name: i.qsize() for s, i in zip(self.stages, self._inboxes, strict=True)}

    async def put(self, frame: Frame) -> None:
        """Feed a frame to the first stage (waits if its queue is full)."""
        await self._inboxes[0].put(frame)

    async def wait(self) -> None:
        """Wait until `EndOfStream` reached the sink."""
        await self._done.wait()

    async def stop(self) -> None:
        """Cancel the stage tasks and close the stages."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for stage in self.stages:
            await stage.close()

    @staticmethod
    async def _run(stage: Stage, inbox: Inbox) -> None:
        while True:
            frame = await inbox.get()
            try:
                await stage.process_frame(frame)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a broken stage reports, it does not hang the session
                log.exception("stage %s failed on %s", stage.name, type(frame).__name__)
                await stage.push(
                    Error(code="stage_failed", message=f"{stage.name} failed: {exc}", details={})
                )
                if isinstance(frame, EndOfStream):
                    await stage.push(frame)
            if isinstance(frame, EndOfStream):
                return


async def drive(stage: Stage, frames: Iterable[Frame]) -> list[Frame]:
    """Feed `frames` to a lone stage, in order, and return everything it pushed."""
    out: list[Frame] = []

    async def collect(frame: Frame) -> None:
        out.append(frame)

    stage.link(collect)
    for frame in frames:
        await stage.process_frame(frame)
    return out
