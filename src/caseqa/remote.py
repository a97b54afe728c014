"""The CLI's fast path: a caseqa server already running at CASEQA_URL answers instead of a freshly loaded model."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from caseqa.errors import QueryError

#: How long the CLI waits to learn whether a server is there; a local server answers in milliseconds.
PROBE_SECONDS = 1.0
#: How long an answer may take once a server has said it is ready.
ANSWER_SECONDS = 60.0


def server_json(base: str, method: str, path: str, *, body: dict | None = None, params: Any = None) -> dict | None:
    """The server's JSON for one request, or None when no caseqa server is ready at ``base``.

    "Ready" means ``/health`` answers with an index in service (ok or stale); anything else (no server, another
    program on the port, a server still building or overloaded) is None, and the caller works locally.
    A refusal of the request itself (a 4xx in caseqa's error shape) is raised as QueryError with its message,
    exactly as the local path would refuse it.
    """
    health = _request(base, "GET", "/health", timeout=PROBE_SECONDS)
    if health is None or health[0] != 200 or health[1].get("status") not in ("ok", "stale"):
        return None
    query = f"?{urllib.parse.urlencode(params, doseq=True)}" if params else ""
    reply = _request(base, method, path + query, body=body, timeout=ANSWER_SECONDS)
    if reply is None:
        return None
    status, data = reply
    if status == 200:
        return data
    message = (data.get("error") or {}).get("message") if isinstance(data.get("error"), dict) else None
    if 400 <= status < 500 and message:
        raise QueryError(message)
    return None


def _request(base: str, method: str, path: str, *, body: dict | None = None, timeout: float) -> tuple[int, dict] | None:
    """(status, JSON object) of one request, or None when nothing that speaks JSON answered."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    try:
        request = urllib.request.Request(base.rstrip("/") + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, _object(response.read())
    except urllib.error.HTTPError as error:
        return error.code, _object(error.read())
    except (OSError, ValueError, http.client.HTTPException):  # refused, timed out, not HTTP, a malformed URL
        return None


def _object(raw: bytes) -> dict:
    try:
        parsed = json.loads(raw)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}
