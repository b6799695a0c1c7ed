"""Notice tests share one PDF renderer (it loads the fonts once) and build workers on it."""

from __future__ import annotations

import pytest

from services.notices.pdf import NoticeRenderer
from services.notices.worker import NoticeWorker


@pytest.fixture(scope="session")
def renderer():
    return NoticeRenderer()


@pytest.fixture
def make_worker(renderer):
    def make(couch, **kwargs):
        return NoticeWorker(couch, lambda: renderer, **kwargs)
    return make
