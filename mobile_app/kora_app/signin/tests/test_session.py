"""First sign-in online against the real sync service; then the same password opens the app offline."""

import time

import pytest

from mobile_app.kora_app.message import Message
from mobile_app.kora_app.signin import offline_tries, session
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.sync.tests.links import COUNTY
from services.users import service as users

PASSWORD = "Lhasa-2026-pw"
NOW = "2026-05-04T10:00:00Z"
NO_SERVER = "http://127.0.0.1:9"


@pytest.fixture
def account(couch):
    users.create_user(couch, {"name": "dolma", "password": PASSWORD, "role": "inspector",
                              "jurisdiction": {"level": "county", "codes": [COUNTY]}})


@pytest.fixture
def phone(tmp_path):
    with Store(tmp_path / "kora.sqlite3") as store:
        yield store


def test_the_first_sign_in_needs_the_server(phone):
    with pytest.raises(session.FirstSignInNeedsNetwork) as caught:
        session.sign_in_anywhere(phone, NO_SERVER, "dolma", PASSWORD, NOW)
    assert caught.value.message == Message("error:first_sign_in_online") and session.current(phone) is None


def test_online_once_then_offline_with_the_same_password_only(phone, server, account):
    online = session.sign_in_anywhere(phone, server, "dolma", PASSWORD, NOW)
    assert online.name == "dolma" and online.jurisdiction.covers(COUNTY) and online.token
    assert online.can_send(online.token_expires_at - 1) and not online.can_send(online.token_expires_at)
    kept = phone.value("SELECT password_hash FROM account")
    assert kept.startswith("scrypt$") and PASSWORD not in kept

    offline = session.sign_in_anywhere(phone, NO_SERVER, "dolma", PASSWORD, NOW)
    assert offline.token == online.token and offline.jurisdiction == online.jurisdiction
    with pytest.raises(session.WrongPassword):
        session.sign_in_anywhere(phone, NO_SERVER, "dolma", "Lhasa-2026-px", NOW)
    with pytest.raises(session.WrongPassword):
        session.sign_in_offline(phone, "pasang", PASSWORD)


def test_an_online_sign_in_ends_the_wait_after_wrong_offline_passwords(phone, server, account):
    session.sign_in_online(phone, server, "dolma", PASSWORD, NOW)
    for _ in range(5):
        with pytest.raises((session.WrongPassword, session.WaitBeforeTrying)):
            session.sign_in_anywhere(phone, NO_SERVER, "dolma", "Lhasa-2026-px", NOW)
    with pytest.raises(session.WaitBeforeTrying):
        session.sign_in_anywhere(phone, NO_SERVER, "dolma", PASSWORD, NOW)
    assert session.sign_in_anywhere(phone, server, "dolma", PASSWORD, NOW).token  # the server judges online
    assert offline_tries.remaining(phone, time.time()) == 0
    assert session.sign_in_anywhere(phone, NO_SERVER, "dolma", PASSWORD, NOW).name == "dolma"


def test_a_wrong_password_online_is_the_servers_refusal_not_an_offline_sign_in(phone, server, account):
    session.sign_in_online(phone, server, "dolma", PASSWORD, NOW)
    with pytest.raises(session.SignInError, match="bad_credentials|name or password"):
        session.sign_in_anywhere(phone, server, "dolma", "wrong-password-1", NOW)


def test_signing_out_is_refused_while_work_is_unsent(phone, server, account):
    session.sign_in_online(phone, server, "dolma", PASSWORD, NOW)
    with phone.transaction() as db:
        db.execute("INSERT INTO inspections (inspection_id, venue_id, county_code, inspector, template_id, "
                   "template_version, started_at, state, updated_at) VALUES ('i1', 'v0', ?, 'dolma', 't', 1, ?, "
                   "'queued', ?)", (COUNTY, NOW, NOW))
    with pytest.raises(session.UnsentWork) as caught:
        session.sign_out(phone)
    assert caught.value.count == 1 and session.current(phone) is not None
    with phone.transaction() as db:
        db.execute("UPDATE inspections SET state = 'sent'")
    session.sign_out(phone)
    assert session.current(phone) is None


def test_the_phone_keeps_its_device_cookie_and_is_judged_as_that_device(phone, server, account, couch):
    import httpx

    session.sign_in_online(phone, server, "dolma", PASSWORD, NOW)
    cookie = phone.setting(session.DEVICE_COOKIE_KEY)["dolma"]
    for i in range(8):  # a stranger guessing from this same address
        httpx.post(f"{server}/auth/login", json={"name": "dolma", "password": f"Guess-{i:04d}-x"}, timeout=30)
    assert couch.db("users").get("lockout:account:dolma")["failures"] >= 5
    again = session.sign_in_online(phone, server, "dolma", PASSWORD, NOW)
    # The server hands back the same cookie only when it judged the sign-in as that device
    # (services/users/service.py): the stranger's counters were not asked.
    assert again.name == "dolma" and phone.setting(session.DEVICE_COOKIE_KEY)["dolma"] == cookie
