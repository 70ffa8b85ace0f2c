"""Request bodies as networks deliver them: in several reads, chunked, too large, or malformed."""

from __future__ import annotations

import json
from typing import Any

from server.http import MAX_JSON_BYTES
from tests.conftest import DEMO_PASSWORD
from tests.rawhttp import MALFORMED_MULTIPART, request_bytes, send_in_pieces

LOGIN_BODY = json.dumps({"email": "mike@example.com", "password": DEMO_PASSWORD}).encode()


def port_of(client: Any) -> int:
    return int(client.server.port)


async def test_a_login_body_sent_in_two_writes_signs_in(client):
    wire = request_bytes("POST", "/api/auth/login", LOGIN_BODY)
    head_len = len(wire) - len(LOGIN_BODY)
    for cut in (head_len + 1, head_len + len(LOGIN_BODY) // 2, len(wire) - 1):
        resp = await send_in_pieces(port_of(client), wire, [cut], pause_s=0.05)
        assert resp.status == 200, (cut, resp.body[:300])
        assert resp.json()["user"]["email"] == "mike@example.com"


async def test_a_300_kb_body_sent_chunked_is_read_whole(client):
    body = LOGIN_BODY[:-1] + b" " * 300_000 + b"}"  # valid JSON, padded with whitespace
    cuts = [1000, 70_000, 150_001, 299_999]
    wire = request_bytes("POST", "/api/auth/login", body, chunk_cuts=cuts)
    resp = await send_in_pieces(port_of(client), wire, [500, 65_000, 200_000, len(wire) - 3])
    assert resp.status == 200, resp.body[:300]


async def test_a_body_in_many_small_pieces_creates_a_task(as_user, client):
    alex = await as_user("alex")
    body = json.dumps({"title": "Split across the wire", "description": "d" * 5000}).encode()
    wire = request_bytes("POST", "/api/tasks", body, headers=alex.headers)
    start = len(wire) - len(body)
    resp = await send_in_pieces(port_of(client), wire, list(range(start, len(wire), 701)), pause_s=0.002)
    assert resp.status == 201, resp.body[:300]
    assert resp.json()["title"] == "Split across the wire"


async def test_a_json_body_over_the_limit_sent_chunked_is_a_413_json_error(as_user, client):
    alex = await as_user("alex")
    body = b'{"title": "' + b"x" * (MAX_JSON_BYTES + 10) + b'"}'
    wire = request_bytes("POST", "/api/tasks", body, headers=alex.headers, chunk_cuts=[100_000, 600_000])
    resp = await send_in_pieces(port_of(client), wire, [300, 400_000, 900_000])
    assert resp.status == 413, resp.body[:300]
    assert resp.content_type == "application/json"
    assert resp.json()["error"]["code"] == "payload_too_large"


async def test_a_json_body_over_the_limit_with_content_length_is_a_413_json_error(as_user, client):
    alex = await as_user("alex")
    resp = await client.post("/api/tasks", data=b"{" + b" " * MAX_JSON_BYTES + b"}",
                             headers={**alex.headers, "Content-Type": "application/json"})
    assert resp.status == 413
    assert (await resp.json())["error"]["code"] == "payload_too_large"


ODD_BUT_TERMINATED = (  # the reader may accept these as they are; they must never be a 5xx
    b"--xx\r\nContent-Length: -5\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--xx--\r\n",
    b"--xx\r\nContent-Transfer-Encoding: bogus\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\na\r\n--xx--\r\n",
    b"--xx\r\nContent-Encoding: gzip\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nnotgzip\r\n--xx--\r\n",
)


async def upload(session: Any, body: bytes) -> tuple[int, str, str]:
    resp = await session.client.post("/api/resources", data=body, headers={
        **session.headers, "Content-Type": "multipart/form-data; boundary=xx"})
    return resp.status, resp.content_type, await resp.text()


async def test_a_malformed_multipart_upload_is_a_400_json_error(as_user):
    alex = await as_user("alex")
    for body in MALFORMED_MULTIPART:
        status, content_type, text = await upload(alex, body)
        assert status in (400, 422), (body, status, text)
        assert content_type == "application/json", (body, text)
        assert json.loads(text)["error"]["code"] in ("invalid_multipart", "missing_file"), (body, text)
    for body in ODD_BUT_TERMINATED:
        status, content_type, text = await upload(alex, body)
        assert status in (201, 400, 422), (body, status, text)


async def test_the_issue_s_malformed_multipart_is_invalid_multipart(as_user, client):
    alex = await as_user("alex")
    resp = await client.post("/api/resources", data=b"--xx\r\ngarbage",
                             headers={**alex.headers, "Content-Type": "multipart/form-data; boundary=xx"})
    assert resp.status == 400, await resp.text()
    body = await resp.json()
    assert body["error"]["code"] == "invalid_multipart" and body["error"]["message"]


async def test_a_multipart_text_field_split_across_writes_is_read_whole(as_user, client):
    alex = await as_user("alex")
    body = (b"--xx\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nQuarterly figures\r\n"
            b"--xx\r\nContent-Disposition: form-data; name=\"file\"; filename=\"q.txt\"\r\n"
            b"Content-Type: text/plain\r\n\r\nnumbers\r\n--xx--\r\n")
    wire = request_bytes("POST", "/api/resources", body, headers=alex.headers,
                         content_type="multipart/form-data; boundary=xx")
    cut = wire.index(b"Quarterly") + 3  # "Qua" | "rterly figures"
    resp = await send_in_pieces(port_of(client), wire, [cut], pause_s=0.05)
    assert resp.status == 201, resp.body[:300]
    assert resp.json()["name"] == "Quarterly figures"
