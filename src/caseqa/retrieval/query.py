"""Checks on a question or query before any search: refuse empty, over-long or control-character input."""

from __future__ import annotations

from caseqa.errors import QueryError

MAX_QUERY_CHARS = 500


def validate_query(query: str) -> str:
    """A question or query stripped, refused when empty, too long or holding control characters (C0, DEL, C1)."""
    if not isinstance(query, str):
        raise QueryError("the question must be text")
    query = query.strip()
    if not query:
        raise QueryError("the question is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the question is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}")
    if any((ord(ch) < 32 and ch not in "\t\n\r") or 127 <= ord(ch) <= 159 for ch in query):
        raise QueryError("the question contains control characters")
    return query
