"""The server's guards against slow and idle clients, on a real uvicorn and real sockets."""

from __future__ import annotations

import socket
import time
import urllib.request
from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Request

from caseqa.config import Settings
from caseqa.service.server import RESERVED_DESCRIPTORS, connection_cap, server_config
from tests.fixtures.thread_server import ThreadServer

REQUEST_TIMEOUT = 0.5
MAX_CONNECTIONS = 3


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/ping")
    def ping() -> dict:
        return {"ok": True}

    @app.post("/echo")
    async def echo(request: Request) -> dict:
        return {"bytes": len(await request.body())}

    @app.get("/slow")
    def slow() -> dict:
        time.sleep(3 * REQUEST_TIMEOUT)
        return {"ok": True}

    return app


@pytest.fixture(scope="module")
def running() -> Iterator[ThreadServer]:
    settings = Settings(request_timeout=REQUEST_TIMEOUT, max_connections=MAX_CONNECTIONS, keep_alive_timeout=1)
    thread_server = ThreadServer(server_config(_app(), settings, log_level="warning"))
    with thread_server:
        yield thread_server


@pytest.fixture
def server(running: ThreadServer) -> tuple[str, int]:
    """The server with no connection left open by an earlier test (it notices closed sockets a moment later)."""
    deadline = time.monotonic() + 10
    while running.server.server_state.connections:
        assert time.monotonic() < deadline, "connections from an earlier test are still open"
        time.sleep(0.02)
    return f"http://127.0.0.1:{running.port}", running.port


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5)


def _closed_by_server(connection: socket.socket, within: float) -> bool:
    """True when the server closes the connection (EOF or reset) within ``within`` seconds."""
    connection.settimeout(within)
    try:
        return connection.recv(1024) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def _response(connection: socket.socket) -> bytes:
    """One whole HTTP response (headers and a Content-Length body) read from ``connection``."""
    connection.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data or len(data.partition(b"\r\n\r\n")[2]) < _content_length(data):
        chunk = connection.recv(4096)
        assert chunk, f"the server closed the connection mid-response: {data!r}"
        data += chunk
    return data


def _content_length(data: bytes) -> int:
    for line in data.partition(b"\r\n\r\n")[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return {"status": response.status, "body": response.read()}


def test_a_half_sent_request_is_cut_off(server):
    _, port = server
    for partial in (b"", b"GET /ping HTTP/1.1\r\nHost: x\r\n", b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc"):
        connection = _connect(port)
        connection.sendall(partial)
        started = time.monotonic()
        assert _closed_by_server(connection, within=10 * REQUEST_TIMEOUT), partial
        assert time.monotonic() - started < 10 * REQUEST_TIMEOUT
        connection.close()


def test_a_slow_answer_is_not_cut_off_and_a_kept_alive_connection_serves_again(server):
    _, port = server
    connection = _connect(port)
    connection.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
    reply = _response(connection)
    assert reply.startswith(b"HTTP/1.1 200") and reply.endswith(b'{"ok":true}')
    connection.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
    assert _response(connection).endswith(b'{"bytes":3}')
    connection.close()


def test_connections_past_the_cap_are_closed_and_open_ones_keep_working(server):
    url, port = server
    held = [_connect(port) for _ in range(MAX_CONNECTIONS)]
    for connection in held:
        connection.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _response(connection).startswith(b"HTTP/1.1 200")  # kept alive, so still counted
    extra = _connect(port)
    assert _closed_by_server(extra, within=2)
    held[0].sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
    assert _response(held[0]).startswith(b"HTTP/1.1 200")
    for connection in held:
        connection.close()
    deadline = time.monotonic() + 5
    while True:  # the server notices the closed sockets a moment later
        try:
            assert _get(url + "/ping")["status"] == 200
            break
        except OSError:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_the_cap_fits_the_open_file_limit(monkeypatch):
    import resource

    monkeypatch.setattr(resource, "getrlimit", lambda which: (256, 4096))
    assert connection_cap(Settings(max_connections=512)) == 256 - RESERVED_DESCRIPTORS
    assert connection_cap(Settings(max_connections=100)) == 100
