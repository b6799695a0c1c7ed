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
