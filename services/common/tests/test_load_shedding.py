"""Load shedding: a request that cannot have its turn within the budget gets 503 overloaded with a
Retry-After at once, nothing done; admitted requests are answered; health checks never wait."""

from __future__ import annotations

import asyncio

import httpx

from services.common.app_factory import create_service
from services.common.errors import CATALOGUE
from services.common.load_shedding import LoadSheddingMiddleware
from services.common.settings import Settings


class GatedApp:
    """An ASGI app whose non-health requests wait for a gate; it records the bodies it received."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.entered = 0
        self.bodies: list[bytes] = []

    async def __call__(self, scope, receive, send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if not scope["path"].startswith("/health/"):
            self.entered += 1
            await self.gate.wait()
        self.bodies.append(body)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"done"})


def _client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://kora.test")


async def _until(predicate) -> None:
    for _ in range(1000):
        if predicate():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("the condition never came true")


def test_when_the_estimated_wait_is_over_the_budget_the_request_is_refused_at_once_with_retry_after():
    async def scenario() -> None:
        inner = GatedApp()
        shedder = LoadSheddingMiddleware(inner, max_in_flight=1, queue_seconds=5)
        shedder.seconds_per_request = 4.0  # one waiting request fits in the 5 s budget, two do not
        async with _client(shedder) as client:
            first = asyncio.create_task(client.post("/sync", content=b"one"))
            await _until(lambda: inner.entered == 1)
            second = asyncio.create_task(client.post("/sync", content=b"two"))
            await _until(lambda: shedder.waiting == 1)
            third = await client.post("/sync", content=b"three")
            assert third.status_code == 503
            assert third.headers["content-type"] == "application/problem+json"
            problem = third.json()
            assert problem["code"] == "overloaded" and problem["status"] == 503
            assert int(third.headers["retry-after"]) == problem["retry_after"] >= 1
            inner.gate.set()
            assert [(await first).status_code, (await second).status_code] == [200, 200]
        assert inner.bodies == [b"one", b"two"]  # the refused request never reached the app
        assert shedder.shed == 1

    asyncio.run(scenario())


def test_a_request_still_waiting_when_the_budget_runs_out_is_refused_and_the_slot_is_not_lost():
    async def scenario() -> None:
        inner = GatedApp()
        shedder = LoadSheddingMiddleware(inner, max_in_flight=1, queue_seconds=0.05)
        shedder.seconds_per_request = 0.0  # the estimate lets it queue; the budget then runs out
        async with _client(shedder) as client:
            first = asyncio.create_task(client.post("/sync", content=b"one"))
            await _until(lambda: inner.entered == 1)
            waited = await client.post("/sync", content=b"two")
            assert waited.status_code == 503 and waited.json()["code"] == "overloaded"
            assert "retry-after" in waited.headers
            inner.gate.set()
            assert (await first).status_code == 200
            again = await client.post("/sync", content=b"three")  # the freed slot is there again
            assert again.status_code == 200
        assert inner.bodies == [b"one", b"three"]

    asyncio.run(scenario())


def test_health_checks_are_never_held_back():
    async def scenario() -> None:
        inner = GatedApp()
        shedder = LoadSheddingMiddleware(inner, max_in_flight=1, queue_seconds=0.01)
        async with _client(shedder) as client:
            held = asyncio.create_task(client.post("/sync", content=b"one"))
            await _until(lambda: inner.entered == 1)
            assert (await client.get("/health/live")).status_code == 200
            inner.gate.set()
            assert (await held).status_code == 200

    asyncio.run(scenario())


def test_the_slot_is_freed_when_the_answer_starts_and_the_duration_is_measured():
    async def scenario() -> None:
        inner = GatedApp()
        inner.gate.set()
        ticks = iter([10.0, 10.5])
        shedder = LoadSheddingMiddleware(inner, max_in_flight=2, queue_seconds=1, clock=lambda: next(ticks))
        async with _client(shedder) as client:
            assert (await client.post("/sync", content=b"x")).status_code == 200
        assert shedder.seconds_per_request == 0.25 + 0.2 * (0.5 - 0.25)
        assert not shedder._turns.locked()

    asyncio.run(scenario())


def test_every_service_sheds_load_with_the_configured_limits_and_the_code_is_catalogued():
    settings = Settings(couchdb_url="http://a:b@127.0.0.1:5984", kora_secret_key="k" * 40,
                        kora_max_in_flight=3, kora_queue_seconds=7)
    app = create_service(title="t", description="d", routers=[], settings=settings)
    shedding = [m for m in app.user_middleware if m.cls is LoadSheddingMiddleware]
    assert len(shedding) == 1 and shedding[0].kwargs == {"max_in_flight": 3, "queue_seconds": 7,
                                                      "streaming_prefixes": ()}
    assert CATALOGUE["overloaded"].status == 503


def test_a_streaming_upload_reaches_the_app_before_its_last_byte():
    """Photo batches are stored part by part as they arrive: the shedder must not hold them back
    until the whole body is in (it does so for every other request)."""

    async def scenario() -> None:
        seen_first_part = asyncio.Event()

        async def app(scope, receive, send) -> None:
            first = await receive()
            assert first["body"] == b"part-1" and first["more_body"]
            seen_first_part.set()
            while (await receive()).get("more_body"):
                pass
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"stored"})

        queue: asyncio.Queue = asyncio.Queue()
        await queue.put({"type": "http.request", "body": b"part-1", "more_body": True})
        sent = []

        async def send(message) -> None:
            sent.append(message)

        for prefixes, expect_early in ((("/sync/photos",), True), ((), False)):
            seen_first_part.clear()
            shedder = LoadSheddingMiddleware(app, max_in_flight=1, queue_seconds=5, streaming_prefixes=prefixes)
            task = asyncio.create_task(shedder({"type": "http", "path": "/sync/photos", "method": "POST"},
                                               queue.get, send))
            await asyncio.sleep(0.05)  # the second part has not been sent yet
            assert seen_first_part.is_set() is expect_early
            await queue.put({"type": "http.request", "body": b"part-2", "more_body": False})
            await task
            assert seen_first_part.is_set()
            await queue.put({"type": "http.request", "body": b"part-1", "more_body": True})

    asyncio.run(scenario())


def test_retry_after_is_when_the_queue_has_drained_to_half_the_budget():
    shedder = LoadSheddingMiddleware(GatedApp(), max_in_flight=4, queue_seconds=20)
    shedder.seconds_per_request, shedder.waiting = 2.0, 40  # the queue drains in (40/4 + 1) x 2 = 22 s
    assert shedder.retry_after() == 12  # then 10 s of queue are left: the request is admitted
    shedder.waiting = 0
    assert shedder.retry_after() == 1  # never less than a second
