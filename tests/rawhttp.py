"""HTTP/1.1 over a raw socket, written in pieces: what slow networks and proxies do to a request body."""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass
from typing import Any

# Multipart bodies (boundary `xx`) that are cut short or malformed: each must be a clear 4xx.
MALFORMED_MULTIPART = (
    b"--xx\r\ngarbage",
    b"--xx\r\n",
    b"--xx",
    b"--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc",
    b"--xx\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nabc\r\n--xx",
    b"--xx\r\nno colon here\r\n\r\nbody\r\n--xx--\r\n",
    b"--yy\r\n\r\n--yy--\r\n",
    b"",
)


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    def json(self) -> Any:
        return json.loads(self.body)


def chunked(body: bytes, cuts: list[int]) -> bytes:
    """`body` in chunked transfer encoding, one chunk between each pair of cut offsets."""
    edges = [0, *sorted(c for c in cuts if 0 < c < len(body)), len(body)]
    out = bytearray()
    for start, end in itertools.pairwise(edges):
        if end > start:
            out += f"{end - start:x}\r\n".encode() + body[start:end] + b"\r\n"
    return bytes(out + b"0\r\n\r\n")


def request_bytes(method: str, path: str, body: bytes, *, content_type: str | None = "application/json",
                  headers: dict[str, str] | None = None, chunk_cuts: list[int] | None = None) -> bytes:
    """A whole request; with `chunk_cuts` the body goes chunked (cut there), else with Content-Length."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if chunk_cuts is not None:
        lines.append("Transfer-Encoding: chunked")
        payload = chunked(body, chunk_cuts)
    else:
        lines.append(f"Content-Length: {len(body)}")
        payload = body
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def send_in_pieces(port: int, wire: bytes, cuts: list[int], pause_s: float = 0.005,
                         timeout_s: float = 30.0) -> RawResponse:
    """Write `wire` to 127.0.0.1:`port` split at the byte offsets `cuts`, draining and pausing between
    writes so each piece arrives in its own read; then read the whole response."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        edges = [0, *sorted(c for c in set(cuts) if 0 < c < len(wire)), len(wire)]
        try:
            for start, end in itertools.pairwise(edges):
                writer.write(wire[start:end])
                await writer.drain()
                await asyncio.sleep(pause_s)
        except (ConnectionResetError, BrokenPipeError):
            pass  # the server answered early (e.g. 413) and closed; its answer is still to be read
        raw = await asyncio.wait_for(reader.read(-1), timeout_s)
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except (ConnectionResetError, BrokenPipeError):
            pass
    return parse_response(raw)


def parse_response(raw: bytes) -> RawResponse:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines and lines[0].startswith("HTTP/1."), f"no HTTP response: {raw[:200]!r}"
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _dechunk(body)
    elif "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return RawResponse(status, headers, body)


def _dechunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2:]
    return bytes(out)
