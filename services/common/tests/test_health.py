from fastapi.testclient import TestClient

from deploy.local_suite.ports import free_port
from services.common.settings import Settings
from services.sync.app import create_app


def test_live_and_ready_with_couchdb_up(settings):
    with TestClient(create_app(settings)) as client:
        assert client.get("/health/live").json() == {"status": "ok"}
        assert client.get("/health/ready").status_code == 200


def test_ready_is_503_when_couchdb_is_down(settings):
    down = Settings(couchdb_url=f"http://a:b@127.0.0.1:{free_port()}", kora_secret_key=settings.kora_secret_key)
    with TestClient(create_app(down)) as client:
        assert client.get("/health/live").status_code == 200
        response = client.get("/health/ready")
        assert response.status_code == 503
        assert response.json()["code"] == "database_unavailable"
