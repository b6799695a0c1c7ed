import pytest
from fastapi.testclient import TestClient

from schemas.rules.jurisdiction import Jurisdiction
from services.review.app import create_app
from services.venues.tests.helpers import GOOD, csv_bytes
from tests.support.sync_data import token_for


@pytest.fixture
def client(settings, couch):
    with TestClient(create_app(settings)) as c:
        yield c


REGION = Jurisdiction("region")


def _auth(settings, role, jurisdiction=REGION):
    token = token_for(settings, "someone", role, jurisdiction.level, jurisdiction.codes)
    return {"Authorization": f"Bearer {token}"}


def _upload(client, headers, raw, **params):
    return client.post("/venues/import", params=params, headers=headers,
                       files={"file": ("venues.csv", raw, "text/csv")})


def test_no_token_and_wrong_role_are_refused(client, settings):
    assert _upload(client, {}, csv_bytes(GOOD)).status_code == 401
    assert _upload(client, _auth(settings, "supervisor"), csv_bytes(GOOD)).status_code == 403
    assert client.get("/venues", headers=_auth(settings, "inspector")).status_code == 403
    forged = {"Authorization": "Bearer not.a.token"}
    assert client.get("/venues", headers=forged).status_code == 401


def test_admin_dry_run_then_commit_and_supervisor_sees_only_their_jurisdiction(client, settings):
    admin = _auth(settings, "administrator")
    preview = _upload(client, admin, csv_bytes(GOOD))
    assert preview.status_code == 200 and preview.json()["to_write"] == 2
    assert client.get("/venues", headers=admin).json()["venues"] == []
    assert _upload(client, admin, csv_bytes(GOOD), dry_run="false").json()["written"] == 2
    lhasa = _auth(settings, "supervisor", Jurisdiction("prefecture", ("540100",)))
    venues = client.get("/venues", headers=lhasa).json()["venues"]
    assert [v["county_code"] for v in venues] == ["540102"]
    assert client.get("/venues", params={"county_code": "542523"}, headers=lhasa).status_code == 403


def test_refused_rows_commit_is_a_422_problem_with_rows(client, settings):
    raw = csv_bytes(GOOD + [",bank,540102,,,地址,,,经营者,电话"])
    answer = _upload(client, _auth(settings, "administrator"), raw, dry_run="false")
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["code"] == "import_refused"
    assert answer.json()["refused"] == [{"row": 4, "reasons": ["missing name: name_zh is empty"]}]
    assert client.get("/venues", headers=_auth(settings, "administrator")).json()["venues"] == []


def test_binary_junk_is_422_and_a_huge_file_413(client, settings):
    admin = _auth(settings, "administrator")
    assert _upload(client, admin, b"\x00\xff" * 1000, dry_run="false").status_code == 422
    huge = _upload(client, admin, b"a" * (50 * 1024 * 1024), dry_run="false")
    assert huge.status_code == 413
    assert client.get("/venues", headers=admin).json()["venues"] == []


def test_openapi_lists_the_venue_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/venues/import" in paths and "/venues" in paths
