"""One JSON error shape for every failure: caseqa's errors, FastAPI's validation errors and HTTP errors."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from caseqa.errors import (
    CaseqaError,
    IndexBusyError,
    IndexCorruptError,
    IndexMissingError,
    QueryError,
    SourceError,
    SourceTooLargeError,
    StoppedError,
    StorageError,
    StorageFullError,
    UnknownDocumentError,
    UnknownMarketError,
)
from caseqa.service.api.schemas import validation_message

logger = logging.getLogger("caseqa.service.api")

#: caseqa's errors as (status, code); the first matching class wins, so subclasses come first.
CASEQA_ERRORS: tuple[tuple[type[CaseqaError], int, str], ...] = (
    (UnknownDocumentError, 400, "unknown_document"),
    (UnknownMarketError, 404, "unknown_market"),
    (QueryError, 400, "bad_query"),
    (SourceTooLargeError, 413, "source_too_large"),
    (SourceError, 400, "bad_source"),
    (StorageFullError, 507, "insufficient_storage"),
    (StorageError, 503, "storage_unavailable"),
    (StoppedError, 503, "shutting_down"),
    (IndexBusyError, 409, "index_busy"),
    (IndexMissingError, 503, "index_missing"),
    (IndexCorruptError, 503, "index_corrupt"),
)

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    503: "unavailable",
    507: "insufficient_storage",
}


class ApiError(HTTPException):
    """An HTTP error with a machine-readable code, raised only in the API layer."""

    def __init__(self, status_code: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code, message, headers)
        self.code = code


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = getattr(exc, "code", None) or _CODES.get(exc.status_code) or f"http_{exc.status_code}"
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if isinstance(exc.__cause__, UnicodeDecodeError):
        code, message = "bad_encoding", "the request body is not valid UTF-8"
    elif isinstance(exc.__cause__, RecursionError):
        message = "the request body is nested too deeply"
    return error_response(exc.status_code, code, message, dict(exc.headers) if exc.headers else None)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(error.get("type") == "json_invalid" for error in errors):
        reason = next(e.get("ctx", {}).get("error", "") for e in errors if e.get("type") == "json_invalid")
        return error_response(400, "malformed_json", f"the request body is not valid JSON ({reason})")
    return error_response(422, "invalid_request", validation_message(errors))


async def _caseqa_error(request: Request, exc: Exception) -> JSONResponse:
    for kind, status, code in CASEQA_ERRORS:
        if isinstance(exc, kind):
            if status >= 500:
                logger.warning("%s %s: %s", request.method, request.url.path, exc)
            return error_response(status, code, str(exc))
    logger.error("%s %s failed: %s", request.method, request.url.path, exc)
    return error_response(500, "server_error", str(exc))


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """The last resort: a bug, never bad input (the tests hold every bad input away from here)."""
    logger.error("%s %s: unexpected error", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "internal server error; the details are in the server log")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(CaseqaError, _caseqa_error)
    app.add_exception_handler(Exception, _unexpected_error)
