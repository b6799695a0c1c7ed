import pytest

from deploy.local_suite.ports import free_port
from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import Principal
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.settings import Settings
from services.users import revocation


def test_a_database_outage_during_the_token_check_is_503_not_500():
    down = Settings(
        couchdb_url=f"http://admin:x@127.0.0.1:{free_port()}",
        kora_secret_key="test-secret-key-that-is-long-enough-0123456789",
    )
    couch = Couch(down)
    who = Principal("dawa-outage", "inspector", Jurisdiction("county", ("540102",)))
    with pytest.raises(KoraError) as caught:
        revocation.check_principal(couch, who)
    assert caught.value.code == "database_unavailable"
    couch.close()


def test_sign_in_with_the_database_down_is_503_database_unavailable():
    from fastapi.testclient import TestClient

    from services.sync.app import create_app

    down = Settings(couchdb_url=f"http://admin:x@127.0.0.1:{free_port()}",
                    kora_secret_key="test-secret-key-that-is-long-enough-0123456789")
    with TestClient(create_app(down)) as client:
        answer = client.post("/auth/login", json={"name": "dawa", "password": "Chengguan2026"})
    assert answer.status_code == 503 and answer.json()["code"] == "database_unavailable"
    assert answer.headers["content-type"].startswith("application/problem+json")
