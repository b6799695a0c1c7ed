"""A busy server's Retry-After is waited out with jitter and the same request sent again."""

import httpx
import pytest

from mobile_app.kora_app.sync import SyncClient, SyncError
from mobile_app.kora_app.sync.busy import MAX_RETRY_AFTER_SECONDS, retry_after_seconds

STATUS = {"received": 0, "total": None}


def _busy_then_ok(busy_answers: int, headers: dict[str, str]):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) <= busy_answers:
            return httpx.Response(503, headers=headers, json={"code": "overloaded", "retry_after": 1})
        return httpx.Response(200, json=STATUS)

    return handler, seen


def test_retry_after_is_waited_with_jitter_then_the_same_request_goes_again():
    handler, seen = _busy_then_ok(2, {"retry-after": "7"})
    slept = []
    client = SyncClient("http://kora.test", "token", transport=httpx.MockTransport(handler),
                        sleep=slept.append, jitter=lambda: 1.25)
    assert client.photo_status("0f8fad5b-d9cb-469f-a165-70867728950e", "0" * 64) == STATUS
    assert slept == [7 * 1.25, 7 * 1.25]
    assert len(seen) == 3 and len({str(r.url) for r in seen}) == 1


def test_busy_answers_do_not_use_up_the_retries_for_cut_links_but_are_bounded_too():
    handler, seen = _busy_then_ok(100, {"retry-after": "3"})
    slept = []
    client = SyncClient("http://kora.test", "token", transport=httpx.MockTransport(handler), retries=1,
                        busy_retries=5, sleep=slept.append, jitter=lambda: 1.0)
    with pytest.raises(SyncError) as raised:
        client.photo_status("0f8fad5b-d9cb-469f-a165-70867728950e", "0" * 64)
    assert raised.value.code == "busy"
    assert slept == [3.0] * 5 and len(seen) == 6


def test_without_retry_after_a_503_falls_back_to_the_backoff():
    handler, _ = _busy_then_ok(1, {})
    slept = []
    client = SyncClient("http://kora.test", "token", transport=httpx.MockTransport(handler),
                        backoff_seconds=2.0, sleep=slept.append, jitter=lambda: 1.5)
    client.photo_status("0f8fad5b-d9cb-469f-a165-70867728950e", "0" * 64)
    assert slept == [2.0]


def test_the_default_jitter_spreads_between_one_and_one_and_a_half():
    client = SyncClient("http://kora.test", "token")
    draws = [client.jitter() for _ in range(200)]
    assert all(1.0 <= d <= 1.5 for d in draws) and len(set(draws)) > 100


def test_retry_after_is_read_in_seconds_and_capped():
    assert retry_after_seconds(httpx.Response(503, headers={"retry-after": "12"})) == 12.0
    assert retry_after_seconds(httpx.Response(503, headers={"retry-after": "99999"})) == MAX_RETRY_AFTER_SECONDS
    assert retry_after_seconds(httpx.Response(503, headers={"retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"})) is None
    assert retry_after_seconds(httpx.Response(503)) is None
