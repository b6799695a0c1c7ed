"""The OpenRosa receiver answers as the Form Submission API says, and never 500 on bad input."""

import httpx
import pytest

from bench.baselines.odk_receiver import SUBMISSION_XML, create_receiver
from bench.baselines.openrosa_instance import instance_xml
from tests.support.sync_data import running_service

CREDENTIALS = ("collector", "secret")


@pytest.fixture
def receiver(server, namespace):
    db = f"bench_{namespace}_submissions"
    server.create_db(db)
    with running_service(create_receiver(server, db, CREDENTIALS, 123_456)) as url:
        yield url, db


def test_head_answers_204_with_the_accepted_length_and_demands_credentials(receiver) -> None:
    url, _ = receiver
    head = httpx.head(f"{url}/submission", auth=CREDENTIALS)
    assert head.status_code == 204
    assert head.headers["x-openrosa-version"] == "1.0"
    assert head.headers["x-openrosa-accept-content-length"] == "123456"
    refused = httpx.head(f"{url}/submission", auth=("collector", "wrong"))
    assert refused.status_code == 401 and "Basic" in refused.headers["www-authenticate"]


def test_parts_of_a_split_submission_end_up_in_one_document(
    receiver, server, two_inspections
) -> None:
    url, db = receiver
    inspection = two_inspections.inspections[0]
    xml = instance_xml(inspection.doc)
    (first, first_data), *rest = sorted(inspection.photos.items())
    parts = [
        ("xml_submission_file", ("x.xml", xml, "text/xml")),
        (first, (first, first_data, "image/jpeg")),
    ]
    answer = httpx.post(
        f"{url}/submission", files=parts, data={"*isIncomplete*": "yes"}, auth=CREDENTIALS
    )
    assert answer.status_code == 201 and b"OpenRosaResponse" in answer.content
    assert server.docs(db)[inspection.doc["_id"]]["complete"] is False
    parts = [("xml_submission_file", ("x.xml", xml, "text/xml"))]
    parts += [(name, (name, data, "image/jpeg")) for name, data in rest]
    assert httpx.post(f"{url}/submission", files=parts, auth=CREDENTIALS).status_code == 201
    doc = server.docs(db)[inspection.doc["_id"]]
    assert doc["complete"] is True
    assert set(doc["_attachments"]) == {SUBMISSION_XML, *inspection.photos}
    assert server.attachment(db, doc["_id"], SUBMISSION_XML) == xml
    assert server.attachment(db, doc["_id"], first) == first_data


@pytest.mark.parametrize(
    "files,body",
    [
        (None, b"not multipart"),
        ([("photo.jpg", ("photo.jpg", b"\xff\xd8", "image/jpeg"))], None),
        ([("xml_submission_file", ("x.xml", b"<data>", "text/xml"))], None),
        ([("xml_submission_file", ("x.xml", b"<data/>", "text/xml"))], None),
    ],
)
def test_bad_submissions_get_400_with_an_openrosa_message(receiver, files, body) -> None:
    url, _ = receiver
    answer = httpx.post(f"{url}/submission", files=files, content=body, auth=CREDENTIALS)
    assert answer.status_code == 400
    assert b'nature="error"' in answer.content
