"""Noticing an index that another process put in service (`caseqa index`, `caseqa add`) and swapping it in."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import anyio.to_thread
from fastapi import FastAPI

from caseqa.config import Settings
from caseqa.errors import CaseqaError
from caseqa.index.store import current_build
from caseqa.service.engine import Engine, load_engine

logger = logging.getLogger("caseqa.service.watcher")


class IndexWatcher:
    """Reads the ``CURRENT`` pointer every ``settings.index_watch_seconds``; when it names another build than
    the one in service, loads that build (reusing the loaded models) and publishes it the way a rebuild
    job does: one assignment, so a request sees the old engine or the new, never a mix.

    A build that fails to load is logged once and skipped until ``CURRENT`` changes again; the engine in
    service stays. While this server's own rebuild runs, the job publishes its index itself.
    """

    def __init__(self, app: FastAPI, settings: Settings, publish: Callable[[Engine], None]) -> None:
        self._app = app
        self._settings = settings
        self._publish = publish
        self._refused: str | None = None

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self._settings.index_watch_seconds)
            try:
                await anyio.to_thread.run_sync(self.check)
            except Exception as exc:  # an unreadable index folder, say: log it and look again next time
                logger.error("could not check the index folder for a new build: %s", exc)

    def check(self) -> None:
        """Swap in the build ``CURRENT`` names, if it is new and loads."""
        if self._app.state.jobs.busy:
            return
        try:
            version = current_build(self._settings.index_dir).name
        except CaseqaError:
            return  # no pointer or a broken one: keep serving what is loaded
        engine: Engine | None = self._app.state.engine
        if version in ((engine.version if engine else None), self._refused):
            return
        try:
            fresh = load_engine(self._settings, reuse=engine)
        except Exception as exc:  # a damaged or half-written build: the one in service stays
            self._refused = version
            logger.error("index %s, put in service by another process, did not load: %s", version, exc)
            return
        self._publish(fresh)
        logger.info("swapped in index %s, built by another process", fresh.version)
