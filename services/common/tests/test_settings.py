import pytest

from services.common.settings import SettingsError, load_settings

GOOD = {"COUCHDB_URL": "http://admin:pw@127.0.0.1:5984", "KORA_SECRET_KEY": "k" * 40}


def _env(monkeypatch, **values):
    for name in ("COUCHDB_URL", "KORA_SECRET_KEY", "KORA_TOKEN_DAYS", "KORA_DB_PREFIX",
                 "KORA_LOGIN_ACCOUNT_FREE", "KORA_TRUSTED_PROXIES"):
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


@pytest.mark.parametrize("value", ["nginx", "10.0.0.1,x", "300.1.1.1"])
def test_trusted_proxies_must_be_addresses(monkeypatch, value):
    monkeypatch.setenv("COUCHDB_URL", "http://admin:pw@127.0.0.1:5984")
    monkeypatch.setenv("KORA_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("KORA_TRUSTED_PROXIES", value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "KORA_TRUSTED_PROXIES" in str(caught.value)


def test_login_thresholds_must_be_numbers(monkeypatch):
    monkeypatch.setenv("COUCHDB_URL", "http://admin:pw@127.0.0.1:5984")
    monkeypatch.setenv("KORA_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("KORA_LOGIN_ACCOUNT_FREE", "ten")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "KORA_LOGIN_ACCOUNT_FREE" in str(caught.value)


def test_a_service_with_a_bad_threshold_does_not_start(monkeypatch):
    from services.common.settings import get_settings
    from services.sync.app import create_app

    _env(monkeypatch, **GOOD, KORA_LOGIN_ACCOUNT_FREE="ten")
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError, match="KORA_LOGIN_ACCOUNT_FREE"):
            create_app()
    finally:
        get_settings.cache_clear()
