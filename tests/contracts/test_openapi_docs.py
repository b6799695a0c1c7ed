from fastapi.testclient import TestClient

from services.review.app import create_app
from tests.contracts.test_openapi_bundle import _refs


def test_docs_page_loads_and_every_ref_resolves(settings):
    with TestClient(create_app(settings)) as client:
        assert client.get("/docs").status_code == 200
        document = client.get("/openapi.json").json()
    components = document["components"]["schemas"]
    assert "common.text" in components
    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/") and ref.split("/")[-1] in components, ref
