"""One loaded index with its searcher and answerer: what the API, the CLI and the evaluation call."""

from __future__ import annotations

from collections.abc import Sequence

from caseqa.answer.answerer import Answerer
from caseqa.answer.calibration import Calibration
from caseqa.config import Settings
from caseqa.index.embedding import Embedder, load_embedder
from caseqa.index.store import Index, load_index
from caseqa.records import Answer, Hit
from caseqa.retrieval.searcher import Searcher


class Engine:
    """Immutable once built; a rebuild makes a new Engine, so a request never sees two index versions."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        settings: Settings | None = None,
        sentence_embedder: Embedder | None = None,
    ) -> None:
        settings = settings or Settings()
        self.index = index
        self.searcher = Searcher(index, embedder, settings.search, sentence_embedder)
        calibration = Calibration.load(settings.answer.calibration_file)
        self.answerer = Answerer(self.searcher, calibration, settings.answer)

    @property
    def version(self) -> str:
        return self.index.version

    @property
    def confidence_bands(self) -> dict[str, float]:
        """The lowest confidence of each band ("high", "moderate"), as the calibration chose them on dev."""
        return dict(self.answerer.calibration.bands)

    def search(self, query: str, k: int = 10, mode: str = "hybrid", doc_ids: Sequence[str] | None = None) -> list[Hit]:
        return self.searcher.search(query, k, mode, doc_ids)

    def ask(self, question: str, top_k: int = 5, mode: str = "hybrid", doc_ids: Sequence[str] | None = None) -> Answer:
        return self.answerer.ask(question, top_k, mode, doc_ids)


def load_engine(settings: Settings, reuse: Engine | None = None) -> Engine:
    """Load and verify the index in service and the models that built it.

    The models of ``reuse``, an engine already loaded, serve the new index when they built it too: swapping in
    a rebuilt index then costs the index's load, not the models'.
    """
    index = load_index(settings.index_dir)
    if reuse is not None and (index.model_id, index.sentence_model_id) == (
        reuse.index.model_id,
        reuse.index.sentence_model_id,
    ):
        return Engine(index, reuse.searcher.embedder, settings, reuse.searcher.sentence_embedder)
    embedder = load_embedder(settings.model, settings.models_dir)
    return Engine(index, embedder, settings, load_embedder(settings.sentence_model_setting, settings.models_dir))
