"""The sign-in screen's model: offline with the kept password, refusals kept as the error."""

import json

from mobile_app.kora_app.message import Message
from mobile_app.kora_app.signin import passwords
from mobile_app.kora_app.viewmodels.signin import SignInViewModel

NO_SERVER = "http://127.0.0.1:9"


def keep_account(store, name="dolma", password="Lhasa-2026-pw"):
    """What an earlier online sign-in leaves on the phone."""
    with store.transaction() as db:
        db.execute("INSERT INTO account (id, name, password_hash, token, token_expires_at, user, signed_in_at) "
                   "VALUES (1, ?, ?, 'token', 0, ?, '2026-05-01T08:00:00Z')",
                   (name, passwords.hash_password(password),
                    json.dumps({"name": name, "role": "inspector",
                                "jurisdiction": {"level": "county", "codes": ["540102"]}})))


def test_the_first_sign_in_without_the_server_is_refused_with_a_message(store):
    model = SignInViewModel(store, NO_SERVER)
    assert not model.sign_in("dolma", "Lhasa-2026-pw")
    assert model.error.message == Message("error:first_sign_in_online") and not model.signed_in


def test_offline_the_kept_password_opens_and_a_wrong_one_does_not(store):
    keep_account(store)
    model = SignInViewModel(store, NO_SERVER)
    assert model.last_name == "dolma"
    assert not model.sign_in("dolma", "wrong") and model.error.code == "wrong_password"
    assert model.sign_in(" dolma ", "Lhasa-2026-pw") and model.signed_in and model.session.name == "dolma"


def test_after_five_wrong_passwords_in_a_row_the_error_says_how_long_to_wait(store):
    keep_account(store)
    model = SignInViewModel(store, NO_SERVER)
    for _ in range(4):
        assert not model.sign_in("dolma", "wrong") and model.error.code == "wrong_password"
    assert not model.sign_in("dolma", "wrong")
    assert model.error.message == Message("error:wait_before_trying", wait=Message("duration:seconds", count=30))
    assert not model.sign_in("dolma", "Lhasa-2026-pw") and model.error.code == "wait_before_trying"
    assert not model.signed_in
