import pytest

from services.common.errors import KoraError
from services.users import lockout

LIMITS = lockout.Thresholds(slowdown_after=3, lock_after=5, lock_seconds=900)


def _code(couch, now):
    try:
        lockout.check_allowed(couch, "name", "dawa", LIMITS, now)
    except KoraError as exc:
        return exc.code, exc.extra.get("retry_after")
    return None, None


def test_slowdown_grows_then_lock_then_expiry(couch):
    now = 1_800_000_000.0
    for _ in range(3):
        assert _code(couch, now) == (None, None)
        lockout.record_failure(couch, "name", "dawa", LIMITS, now, can_lock=True)
    code, first_wait = _code(couch, now)
    assert code == "too_many_attempts"
    now += first_wait
    assert _code(couch, now) == (None, None)
    lockout.record_failure(couch, "name", "dawa", LIMITS, now, can_lock=True)
    code, second_wait = _code(couch, now)
    assert code == "too_many_attempts" and second_wait > first_wait
    now += second_wait
    lockout.record_failure(couch, "name", "dawa", LIMITS, now, can_lock=True)
    assert _code(couch, now + 1)[0] == "account_locked"
    assert _code(couch, now + 899)[0] == "account_locked"
    assert _code(couch, now + 901) == (None, None)


def test_address_counter_never_locks(couch):
    for i in range(8):
        lockout.record_failure(couch, "addr", "10.0.0.1", LIMITS, 1000.0 + i * 1000, can_lock=False)
    with pytest.raises(KoraError) as caught:
        lockout.check_allowed(couch, "addr", "10.0.0.1", LIMITS, 8000.0)
    assert caught.value.code == "too_many_attempts"


def test_clear_unlocks(couch):
    for _ in range(5):
        lockout.record_failure(couch, "name", "dawa", LIMITS, 1000.0, can_lock=True)
    assert _code(couch, 1001.0)[0] == "account_locked"
    assert lockout.clear(couch, "name", "dawa") is True
    assert _code(couch, 1001.0) == (None, None)
