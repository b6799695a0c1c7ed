from typing import Annotated

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

from schemas.rules.jurisdiction import Jurisdiction
from services.common.app_factory import create_service
from services.common.auth import Principal, ensure_reach, issue_token, read_token, require_roles
from services.common.errors import KoraError

router = APIRouter()


@router.get("/admin-only")
def admin_only(who: Annotated[Principal, Depends(require_roles("administrator"))]) -> dict:
    return {"name": who.name}


@pytest.fixture
def client(settings):
    with TestClient(create_service(title="t", description="t", routers=[router], settings=settings)) as c:
        yield c


def _bearer(settings, role, **kwargs):
    token, _ = issue_token(settings, "u1", role, Jurisdiction("county", ("540102",)), **kwargs)
    return {"authorization": f"Bearer {token}"}


def test_round_trip(settings):
    token, claims = issue_token(settings, "dolma", "inspector", Jurisdiction("county", ("540102",)))
    principal = read_token(settings, token)
    assert principal.name == "dolma" and principal.role == "inspector" and principal.token_id == claims["jti"]


def test_role_is_enforced(client, settings):
    assert client.get("/admin-only", headers=_bearer(settings, "administrator")).json() == {"name": "u1"}
    assert client.get("/admin-only", headers=_bearer(settings, "inspector")).json()["code"] == "forbidden"
    assert client.get("/admin-only").json()["code"] == "not_authenticated"


def test_expired_and_forged_tokens(client, settings):
    expired = _bearer(settings, "administrator", lifetime_seconds=-10)
    assert client.get("/admin-only", headers=expired).json()["code"] == "token_expired"
    forged = {"authorization": _bearer(settings, "administrator")["authorization"][:-4] + "AAAA"}
    assert client.get("/admin-only", headers=forged).json()["code"] == "token_invalid"
    assert client.get("/admin-only", headers={"authorization": "Bearer not.a.jwt"}).status_code == 401


@pytest.mark.parametrize("jurisdiction, county, reached", [
    (Jurisdiction("county", ("540102",)), "540102", True),
    (Jurisdiction("county", ("540102",)), "540103", False),
    (Jurisdiction("prefecture", ("540100",)), "540124", True),
    (Jurisdiction("prefecture", ("540100",)), "540202", False),
    (Jurisdiction("region"), "542621", True),
])
def test_jurisdiction_reach(jurisdiction, county, reached):
    principal = Principal("p", "supervisor", jurisdiction)
    assert principal.can_reach(county) is reached
    if not reached:
        with pytest.raises(KoraError):
            ensure_reach(principal, [county])
