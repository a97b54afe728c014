"""The CLI's server path gives up quietly on anything that is not a ready caseqa server."""

from __future__ import annotations

import socket
import threading

from caseqa.remote import server_json


def _one_reply_server(reply: bytes) -> tuple[str, threading.Thread]:
    """A listener that answers every connection with ``reply`` and closes it (another program on the port)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        with listener:
            for _ in range(2):
                connection, _ = listener.accept()
                with connection:
                    connection.recv(4096)
                    connection.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", thread


def test_nothing_listening_is_no_server():
    assert server_json("http://127.0.0.1:9", "GET", "/search") is None


def test_a_program_that_does_not_speak_http_is_no_server():
    url, _ = _one_reply_server(b"SSH-2.0-OpenSSH_9.6\r\n")
    assert server_json(url, "GET", "/search") is None


def test_another_http_service_is_no_server():
    url, _ = _one_reply_server(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello")
    assert server_json(url, "GET", "/search") is None


def test_a_malformed_url_is_no_server():
    assert server_json("not a url", "GET", "/search") is None
