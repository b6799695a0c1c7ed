"""Wrong offline passwords cost a growing wait that survives a restart, and never lock out."""

import pytest

from mobile_app.kora_app.message import Message
from mobile_app.kora_app.signin import offline_tries, session
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.viewmodels.tests.test_signin import keep_account

PASSWORD = "Lhasa-2026-pw"
T0 = 1_780_000_000.0


@pytest.fixture
def phone(tmp_path):
    with Store(tmp_path / "kora.sqlite3") as store:
        keep_account(store, "dolma", PASSWORD)
        yield store


def wrong(store, now):
    """One wrong offline password; the wait it was answered with (0 for a plain WrongPassword)."""
    with pytest.raises((session.WrongPassword, session.WaitBeforeTrying)) as caught:
        session.sign_in_offline(store, "dolma", "not-the-password", now=now)
    return caught.value.wait if isinstance(caught.value, session.WaitBeforeTrying) else 0


def test_five_free_tries_then_waits_that_double_up_to_half_an_hour():
    assert [offline_tries.wait_after(n) for n in range(1, 13)] == [0, 0, 0, 0, 30, 60, 120, 240, 480, 960,
                                                                  1800, 1800]
    assert offline_tries.wait_after(1000) == offline_tries.LONGEST_WAIT == 1800


def test_the_fifth_wrong_password_starts_a_wait_in_which_even_the_right_one_is_not_heard(phone):
    assert [wrong(phone, T0 + n) for n in range(4)] == [0, 0, 0, 0]
    with pytest.raises(session.WaitBeforeTrying) as caught:
        session.sign_in_offline(phone, "dolma", "not-the-password", now=T0 + 4)
    assert caught.value.wait == 30
    assert caught.value.message == Message("error:wait_before_trying", wait=Message("duration:seconds", count=30))

    with pytest.raises(session.WaitBeforeTrying) as caught:
        session.sign_in_offline(phone, "dolma", PASSWORD, now=T0 + 14)
    assert caught.value.wait == 20 and caught.value.message.params["wait"] == Message("duration:seconds", count=20)

    assert wrong(phone, T0 + 34) == 60  # the wait is over: heard, wrong again, twice as long
    with pytest.raises(session.WaitBeforeTrying) as caught:
        session.sign_in_offline(phone, "dolma", PASSWORD, now=T0 + 34)
    assert caught.value.message.params["wait"] == Message("duration:minutes", count=1)


def test_closing_the_app_does_not_reset_the_wait(tmp_path):
    path = tmp_path / "kora.sqlite3"
    with Store(path) as store:
        keep_account(store, "dolma", PASSWORD)
        for n in range(5):
            wrong(store, T0 + n)
    with Store(path) as reopened:
        with pytest.raises(session.WaitBeforeTrying) as caught:
            session.sign_in_offline(reopened, "dolma", PASSWORD, now=T0 + 10)
        assert caught.value.wait == 24


def test_the_right_password_after_the_wait_opens_and_starts_the_count_again(phone):
    for n in range(5):
        wrong(phone, T0 + n)
    opened = session.sign_in_offline(phone, "dolma", PASSWORD, now=T0 + 4 + 30)
    assert opened.name == "dolma" and offline_tries.remaining(phone, T0 + 40) == 0
    assert [wrong(phone, T0 + 100 + n) for n in range(5)] == [0, 0, 0, 0, 30]


def test_there_is_no_lock_out_however_many_wrong_passwords(phone):
    now = T0
    for _ in range(15):
        now += wrong(phone, now)
    assert offline_tries.remaining(phone, now - 1) == 1  # the last wait was the longest, half an hour
    assert phone.setting(offline_tries.KEY)["wait"] == offline_tries.LONGEST_WAIT
    assert session.sign_in_offline(phone, "dolma", PASSWORD, now=now).name == "dolma"


def test_a_clock_set_back_cannot_make_the_wait_longer_than_it_was_given(phone):
    for n in range(5):
        wrong(phone, T0 + n)
    assert offline_tries.remaining(phone, T0 - 86_400) == 30  # a day back: still only the 30 s given
    assert offline_tries.remaining(phone, T0 + 4 + 30) == 0
