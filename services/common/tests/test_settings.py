import pytest

from services.common.settings import SettingsError, load_settings

GOOD = {"COUCHDB_URL": "http://admin:pw@127.0.0.1:5984", "KORA_SECRET_KEY": "k" * 40}


def _env(monkeypatch, **values):
    for name in ("COUCHDB_URL", "KORA_SECRET_KEY", "KORA_TOKEN_DAYS", "KORA_DB_PREFIX",
                 "KORA_LOGIN_SLOWDOWN_AFTER", "KORA_LOGIN_LOCK_AFTER", "KORA_LOGIN_LOCK_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_good_environment_loads(monkeypatch):
    _env(monkeypatch, **GOOD)
    settings = load_settings()
    assert settings.couchdb_url == "http://admin:pw@127.0.0.1:5984"
    assert settings.couchdb_url_redacted == "http://admin:***@127.0.0.1:5984"
    assert settings.db_name("users") == "kora_users"


def test_missing_url_names_the_variable(monkeypatch):
    _env(monkeypatch, KORA_SECRET_KEY="k" * 40)
    with pytest.raises(SettingsError, match="COUCHDB_URL"):
        load_settings()


def test_url_without_credentials_says_how_to_fix_it(monkeypatch):
    _env(monkeypatch, COUCHDB_URL="http://127.0.0.1:5984", KORA_SECRET_KEY="k" * 40)
    with pytest.raises(SettingsError, match="NAME:PASSWORD"):
        load_settings()


def test_bad_values_are_all_reported_at_once(monkeypatch):
    _env(monkeypatch, COUCHDB_URL="ftp://x", KORA_SECRET_KEY="short", KORA_TOKEN_DAYS="many")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    for name in ("COUCHDB_URL", "KORA_SECRET_KEY", "KORA_TOKEN_DAYS"):
        assert name in message


def test_login_thresholds_have_their_defaults(monkeypatch):
    _env(monkeypatch, **GOOD)
    settings = load_settings()
    assert (settings.kora_login_slowdown_after, settings.kora_login_lock_after,
            settings.kora_login_lock_minutes) == (5, 10, 15)


@pytest.mark.parametrize("name,value", [
    ("KORA_LOGIN_LOCK_AFTER", "ten"), ("KORA_LOGIN_SLOWDOWN_AFTER", "0"),
    ("KORA_LOGIN_LOCK_MINUTES", "-5"), ("KORA_LOGIN_LOCK_MINUTES", "1.5"),
])
def test_bad_login_threshold_stops_start_up(monkeypatch, name, value):
    _env(monkeypatch, **GOOD, **{name: value})
    with pytest.raises(SettingsError, match=name):
        load_settings()


def test_lock_before_slowdown_is_refused(monkeypatch):
    _env(monkeypatch, **GOOD, KORA_LOGIN_SLOWDOWN_AFTER="8", KORA_LOGIN_LOCK_AFTER="3")
    with pytest.raises(SettingsError, match="KORA_LOGIN_LOCK_AFTER must be at least"):
        load_settings()


def test_a_service_with_a_bad_threshold_does_not_start(monkeypatch):
    from services.common.settings import get_settings
    from services.sync.app import create_app

    _env(monkeypatch, **GOOD, KORA_LOGIN_LOCK_AFTER="ten")
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError, match="KORA_LOGIN_LOCK_AFTER"):
            create_app()
    finally:
        get_settings.cache_clear()
