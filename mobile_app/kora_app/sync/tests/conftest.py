"""The real sync service under uvicorn on a free port, for the client tests."""

import pytest

from services.sync.app import create_app
from tests.support.sync_data import running_service


@pytest.fixture
def server(settings, couch):
    with running_service(create_app(settings)) as url:
        yield url
