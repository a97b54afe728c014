"""caseqa's HTTP API: ``create_app`` builds the FastAPI application (imported on first use, so that the CLI can
read the API's schemas without loading FastAPI and the engine)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from caseqa.service.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from caseqa.service.api.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
