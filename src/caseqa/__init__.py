"""caseqa: answers questions with cited, verbatim sentences from a set of source texts."""

from importlib.metadata import version

__version__ = version("caseqa")
