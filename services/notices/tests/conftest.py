"""Notice tests build workers the way the service does: each with its own PDF renderer (a renderer
is not thread-safe; the fonts themselves are loaded once per process)."""

from __future__ import annotations

import pytest

from services.notices.pdf import NoticeRenderer
from services.notices.worker import NoticeWorker


@pytest.fixture
def make_worker():
    def make(couch, **kwargs):
        return NoticeWorker(couch, NoticeRenderer, **kwargs)
    return make
