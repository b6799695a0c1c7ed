"""The correctness checks catch a missing document, an extra one, a changed field, a damaged photo."""

import pytest

from bench.contenders import CouchReplication, Kora
from bench.couch_server import BenchError
from bench.harness import measure
from bench.tests.conftest import FAST
from bench.verify import check_odk, check_replication


@pytest.fixture
def replicated(server, namespace, two_inspections):
    contender = CouchReplication(server, two_inspections, namespace)
    measure(contender, FAST)
    return contender


def test_a_missing_or_extra_document_is_caught(server, replicated, two_inspections) -> None:
    with server.client() as http:
        doc_id = two_inspections.docs[0]["_id"]
        rev = http.get(f"/{replicated.db}/{doc_id}").json()["_rev"]
        http.delete(f"/{replicated.db}/{doc_id}", params={"rev": rev})
        with pytest.raises(BenchError, match="documents differ"):
            check_replication(server, replicated.db, two_inspections)
        http.put(f"/{replicated.db}/stray", json={"type": "inspection"})
        with pytest.raises(BenchError, match="extra"):
            check_replication(server, replicated.db, two_inspections)


def test_a_changed_field_or_a_damaged_photo_is_caught(server, namespace, two_inspections) -> None:
    contender = Kora(server, two_inspections, namespace)
    measure(contender, FAST)
    db = contender.settings.db_name("inspections")
    inspection = two_inspections.inspections[0]
    sha = min(inspection.photos)
    with server.client() as http:
        doc = http.get(f"/{db}/{inspection.doc['_id']}").json()
        damaged = http.put(
            f"/{db}/{doc['_id']}/{sha}",
            params={"rev": doc["_rev"]},
            content=inspection.photos[sha][:-1],
            headers={"content-type": "image/jpeg"},
        )
        assert damaged.status_code == 201
        with pytest.raises(BenchError, match="byte for byte"):
            contender.verify()
        doc = http.get(f"/{db}/{inspection.doc['_id']}").json()
        doc["gps"]["lat"] += 0.001
        assert http.put(f"/{db}/{doc['_id']}", json=doc).status_code == 201
    with pytest.raises(BenchError, match="not the inspection sent"):
        contender.verify()


def test_documents_without_their_submission_xml_are_not_odk_submissions(
    server, replicated, two_inspections
) -> None:
    with pytest.raises(BenchError, match="incomplete"):
        check_odk(server, replicated.db, two_inspections)
