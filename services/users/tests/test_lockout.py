"""Throttling of failed sign-ins: guessing slows down, nobody else can keep a user out."""
import time

import pytest

from services.common.errors import KoraError
from services.users import devices, lockout, service

LIMITS = lockout.Thresholds(pair_free=3, account_free=5, address_free=8, device_free=3, max_delay_seconds=900)
PASSWORD = "Chengguan2026"
NOW = float(int(time.time()))  # device cookies are checked against the real clock


@pytest.fixture
def dawa(couch):
    service.create_user(couch, {"name": "dawa", "password": PASSWORD, "role": "inspector",
                                "jurisdiction": {"level": "county", "codes": ["540102"]}})


def _login(couch, settings, password, address="10.0.0.1", now=NOW, cookie=None, name="dawa"):
    try:
        return service.login(couch, settings, name, password, address, LIMITS, now=now, device_cookie=cookie)
    except KoraError as exc:
        return exc.code, exc.extra.get("retry_after")


def test_delays_grow_and_never_lock_for_good(couch):
    counters = {"pair": "dawa|10.0.0.1"}
    now = NOW
    for _ in range(3):
        lockout.check_allowed(couch, counters, LIMITS, now)
        lockout.record_failure(couch, "pair", "dawa|10.0.0.1", now)
    waits = []
    for _ in range(12):
        with pytest.raises(KoraError) as caught:
            lockout.check_allowed(couch, counters, LIMITS, now)
        assert caught.value.code == "too_many_attempts"
        waits.append(caught.value.extra["retry_after"])
        now += waits[-1]
        lockout.check_allowed(couch, counters, LIMITS, now)  # after the wait it may try again
        lockout.record_failure(couch, "pair", "dawa|10.0.0.1", now)
    assert waits[:4] == [2, 4, 8, 16] and waits[-1] == 900 and waits == sorted(waits)


def test_counters_are_forgotten_after_a_day(couch):
    for _ in range(10):
        lockout.record_failure(couch, "pair", "dawa|10.0.0.1", NOW)
    lockout.check_allowed(couch, {"pair": "dawa|10.0.0.1"}, LIMITS, NOW + lockout.FORGET_AFTER_SECONDS)


def test_strangers_from_many_addresses_cannot_keep_the_users_own_phone_out(couch, settings, dawa):
    cookie = _login(couch, settings, PASSWORD)["device_cookie"]
    for i in range(40):  # a distributed guess: far past every account-wide limit
        _login(couch, settings, f"Guess{i:04d}x", address=f"192.0.2.{i}", now=NOW + i)
    assert _login(couch, settings, PASSWORD, address="192.0.2.200", now=NOW + 50)[0] == "too_many_attempts"
    answer = _login(couch, settings, PASSWORD, now=NOW + 50, cookie=cookie)
    assert answer["user"]["name"] == "dawa" and answer["device_cookie"] == cookie


def test_a_stranger_behind_the_same_address_cannot_keep_the_phone_out_either(couch, settings, dawa):
    cookie = _login(couch, settings, PASSWORD)["device_cookie"]
    for i in range(20):
        _login(couch, settings, f"Guess{i:04d}x", now=NOW + i)
    assert _login(couch, settings, PASSWORD, now=NOW + 30, cookie=cookie)["user"]["name"] == "dawa"


def test_a_device_cookie_guessing_for_itself_is_slowed_like_anyone(couch, settings, dawa):
    cookie = _login(couch, settings, PASSWORD)["device_cookie"]
    for i in range(3):
        assert _login(couch, settings, "Wrong12345x", now=NOW + i, cookie=cookie)[0] == "bad_credentials"
    # its own counter is spent: it is judged as a stranger, whose counters the failures did not touch
    assert _login(couch, settings, "Wrong12345x", now=NOW + 3, cookie=cookie)[0] == "bad_credentials"
    assert couch.db("users").get("lockout:pair:dawa|10.0.0.1")["failures"] == 1
    assert couch.db("users").get(f"lockout:device:{devices.read(settings, cookie, 'dawa')}")["failures"] == 3


def test_a_cookie_for_another_account_or_forged_counts_for_nothing(couch, settings, dawa):
    other = devices.issue(settings, "pema", NOW)
    assert devices.read(settings, other, "dawa") is None
    assert devices.read(settings, other + "x", "pema") is None
    assert devices.read(settings, "not-a-jwt", "dawa") is None
    assert devices.read(settings, 12, "dawa") is None


def test_one_address_spraying_many_accounts_is_slowed(couch, settings):
    for i in range(8):
        _login(couch, settings, "Wrong12345x", name=f"user{i}", now=NOW + i)
    assert _login(couch, settings, "Wrong12345x", name="someone", now=NOW + 8)[0] == "too_many_attempts"
    assert _login(couch, settings, "Wrong12345x", name="someone", address="10.9.9.9", now=NOW + 8)[0] \
        == "bad_credentials"


def test_the_administrators_unlock_forgets_the_accounts_counters(couch, settings, dawa):
    for i in range(6):
        _login(couch, settings, f"Guess{i:04d}x", address=f"192.0.2.{i}", now=NOW + i)
    assert _login(couch, settings, PASSWORD, address="192.0.2.99", now=NOW + 5)[0] == "too_many_attempts"
    assert lockout.clear_account(couch, "dawa") is True
    assert _login(couch, settings, PASSWORD, address="192.0.2.99", now=NOW + 5)["user"]["name"] == "dawa"
