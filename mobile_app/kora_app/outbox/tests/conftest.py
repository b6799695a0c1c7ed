"""The real sync service under uvicorn on a free port, for the client tests."""

import pytest

from services.sync.app import create_app
from services.sync.testing import running_service


@pytest.fixture
def server(settings, couch):
    with running_service(create_app(settings)) as url:
        yield url
