"""The caseqa exception hierarchy; the API and CLI translate these at their edges."""


class CaseqaError(Exception):
    """Base class: every error caseqa raises on purpose."""


class ConfigError(CaseqaError):
    """A setting is missing or invalid (names the option)."""


class SourceError(CaseqaError):
    """A source file was refused: unreadable, empty, duplicate or unsupported."""


class SourceTooLargeError(SourceError):
    """A source holds more text than can be indexed, or takes longer to parse than the time allowed."""


class StorageError(CaseqaError):
    """The corpus folder cannot be written (read-only, or another file system error); nothing was changed."""


class StorageFullError(StorageError):
    """The disk or quota holding the corpus is full; nothing was changed."""


class StoppedError(CaseqaError):
    """Work was given up because the server is shutting down."""


class CorpusError(CaseqaError):
    """The corpus metadata is inconsistent with the files on disk."""


class IndexMissingError(CaseqaError):
    """No index has been built yet."""


class IndexCorruptError(CaseqaError):
    """An index file is missing, truncated, altered or of another format or model."""


class IndexStaleError(IndexCorruptError):
    """The index was built with another model than the configured one."""


class IndexBusyError(CaseqaError):
    """Another build holds the index lock."""


class QueryError(CaseqaError):
    """A question or search request is malformed (empty, too long, unknown option)."""


class UnknownDocumentError(QueryError):
    """A doc_id that is not in the index."""


class UnknownMarketError(QueryError):
    """A market slug that is not in the case brief."""


class ModelVerificationError(CaseqaError):
    """A model folder is missing a file or a file does not match its pinned SHA-256."""
