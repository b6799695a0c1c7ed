"""Overload answered, not suffered: at most KORA_MAX_IN_FLIGHT requests per worker are worked on at
once; the others wait their turn, and a request that would not get its turn within
KORA_QUEUE_SECONDS is refused at once with 503 ``overloaded`` and a Retry-After, before its body is
read and before anything is done.

Without this, a thousand phones syncing at once all get a share of the CPU, every answer comes
late, and a phone whose 60 s timeout passes sends again work that the server finished meanwhile.
With it, the admitted requests are answered quickly and the others know, within milliseconds,
when to come back. The wait is estimated from the measured time a request takes (a moving
average); a request whose estimated wait is already over the budget is refused without waiting,
and one that waits longer than the budget after all is refused then. Health checks are never
held back. Uploads that a service handles as they stream in (the phones' photo batches store
each photo the moment its last byte arrives, so that a cut link keeps what came and the server's
work overlaps the upload) are named in ``streaming_prefixes`` and pass untouched: their work is
small and bound to the network, and buffering them would hold every photo back until the whole
batch is in.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.errors import CATALOGUE
from services.common.request_context import current_request_id

EXEMPT_PREFIXES = ("/health/",)
FIRST_ESTIMATE_SECONDS = 0.25  # a request's duration before any has been measured
SMOOTHING = 0.2  # weight of the newest duration in the moving average
MAX_RETRY_AFTER = 120


class LoadSheddingMiddleware:
    def __init__(self, app: ASGIApp, max_in_flight: int, queue_seconds: float,
                 clock: Callable[[], float] = time.monotonic, streaming_prefixes: tuple[str, ...] = ()) -> None:
        self.app = app
        self.exempt = EXEMPT_PREFIXES + tuple(streaming_prefixes)
        self.max_in_flight = max_in_flight
        self.queue_seconds = queue_seconds
        self.clock = clock
        self.waiting = 0
        self.seconds_per_request = FIRST_ESTIMATE_SECONDS
        self.shed = 0
        self._turns: asyncio.Semaphore | None = None  # made in the serving event loop

    def estimated_wait(self, ahead: int) -> float:
        """Seconds until a slot frees for a request with ``ahead`` requests waiting before it."""
        return (ahead // self.max_in_flight + 1) * self.seconds_per_request

    def retry_after(self) -> int:
        """When the queue as it stands now has drained to half the budget, in whole seconds (at
        least 1): a request sent again then is admitted and has its turn within half the budget,
        and the workers are not left idle until the last refused phone comes back (the app waits
        Retry-After times 1 to 1.5)."""
        drain = (self.waiting / self.max_in_flight + 1) * self.seconds_per_request
        return max(1, min(MAX_RETRY_AFTER, math.ceil(drain - self.queue_seconds / 2)))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path", "").startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        if self._turns is None:
            self._turns = asyncio.Semaphore(self.max_in_flight)
        turns = self._turns
        if turns.locked() and self.estimated_wait(self.waiting) > self.queue_seconds:
            # The body is already on its way: read and drop it, so that the answer is not lost
            # to a connection reset (closing a socket with unread bytes resets it).
            await _whole_body(receive)
            await self._refuse(scope, send, "too many requests are waiting")
            return
        # The body is read before taking a turn: a phone on GPRS takes seconds to send it, and a
        # turn is for work, not for waiting on the network.
        messages = await _whole_body(receive)
        self.waiting += 1
        try:
            async with asyncio.timeout(self.queue_seconds):
                await turns.acquire()
        except TimeoutError:
            await self._refuse(scope, send, f"no turn within {self.queue_seconds:g} s")
            return
        finally:
            self.waiting -= 1
        began = self.clock()
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                took = self.clock() - began
                self.seconds_per_request += SMOOTHING * (took - self.seconds_per_request)
                turns.release()

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        async def send_then_release(message: Message) -> None:
            if message["type"] == "http.response.start":
                release()  # the work is done; sending the answer to a slow link needs no turn
            await send(message)

        try:
            await self.app(scope, replay, send_then_release)
        finally:
            release()

    async def _refuse(self, scope: Scope, send: Send, why: str) -> None:
        self.shed += 1
        kind = CATALOGUE["overloaded"]
        retry_after = self.retry_after()
        body = json.dumps({
            "type": "/errors/overloaded", "title": kind.title, "status": kind.status, "code": "overloaded",
            "detail": f"{why}; nothing was done. Send the same request again in {retry_after} s.",
            "instance": scope.get("path", ""), "request_id": current_request_id(), "retry_after": retry_after,
        }).encode()
        await send({"type": "http.response.start", "status": kind.status,
                    "headers": [(b"content-type", b"application/problem+json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"retry-after", str(retry_after).encode())]})
        await send({"type": "http.response.body", "body": body})


async def _whole_body(receive: Receive) -> list[Message]:
    """Every message of the request body (or up to a disconnect), to be replayed to the app."""
    messages = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages
