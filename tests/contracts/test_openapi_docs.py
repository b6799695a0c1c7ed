from fastapi.testclient import TestClient

from services.common.openapi import iter_refs
from services.review.app import create_app


def test_docs_page_loads_and_every_ref_resolves(settings):
    with TestClient(create_app(settings)) as client:
        assert client.get("/docs").status_code == 200
        document = client.get("/openapi.json").json()
    components = document["components"]["schemas"]
    assert "common.text" in components
    for ref in iter_refs(document):
        assert ref.startswith("#/components/schemas/") and ref.split("/")[-1] in components, ref
