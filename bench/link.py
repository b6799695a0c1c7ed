"""A user-space link simulator: an asyncio TCP proxy with per-direction bandwidth, latency and loss.

The kernel here has no netem, so the link is modelled in the proxy:

- bandwidth: each direction is a serial line; a segment of n bytes occupies it for n*8/bps seconds
  (a token bucket with a one-segment burst);
- latency: every segment is delivered one-way-delay (RTT/2) after it left the line;
- loss: TCP hides a lost segment behind a retransmission, so each ~1460-byte segment is, with
  probability ``loss``, delivered late by an RTO of max(200 ms, 2 x RTT). Delivery stays in order
  (a late segment holds back the ones behind it, as TCP's receive buffer does).

Random draws come from ``random.Random(seed)`` per direction, so a run is reproducible.
The proxy counts bytes each way, TCP connects, and exchanges (a turn from upstream bytes to
downstream bytes on one connection: one request/response round trip).

A subclass may cut or drop connections and act on delivered bytes through two hooks,
``_on_read`` and ``_write``: tests/support/link_faults.py does, for the fault tests.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

SEGMENT = 1460


@dataclass(frozen=True)
class LinkProfile:
    name: str
    down_bps: float  # bits per second, server -> client
    up_bps: float  # bits per second, client -> server
    rtt: float  # seconds
    loss: float = 0.0  # probability that a segment needs a retransmission

    @property
    def rto(self) -> float:
        return max(0.2, 2 * self.rtt)

    def physical_limit(self, bytes_up: int, bytes_down: int) -> float:
        """The least time the link needs to carry these bytes: serialisation both ways plus one RTT."""
        return bytes_up * 8 / self.up_bps + bytes_down * 8 / self.down_bps + self.rtt


def _profiles() -> dict[str, LinkProfile]:
    base = {
        "gprs": LinkProfile("gprs", 50_000, 20_000, 0.5),
        "2g": LinkProfile("2g", 250_000, 50_000, 0.3),
        "3g": LinkProfile("3g", 750_000, 250_000, 0.1),
    }
    out = dict(base)
    for name, p in base.items():
        out[f"{name}-loss2"] = LinkProfile(f"{name}-loss2", p.down_bps, p.up_bps, p.rtt, 0.02)
    return out


PROFILES = _profiles()


@dataclass
class LinkCounters:
    bytes_up: int = 0
    bytes_down: int = 0
    connects: int = 0
    exchanges: int = 0
    retransmissions: int = 0
    cuts: int = 0
    drops: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return {
                "bytes_up": self.bytes_up,
                "bytes_down": self.bytes_down,
                "connects": self.connects,
                "exchanges": self.exchanges,
                "retransmissions": self.retransmissions,
                "cuts": self.cuts,
                "drops": self.drops,
            }


class _Direction:
    """One direction of the link: schedules delivery times for segments on a shared serial line."""

    def __init__(self, bps: float, profile: LinkProfile, seed: int) -> None:
        self.bps = bps
        self.profile = profile
        self.rng = random.Random(seed)
        self.line_free_at = 0.0

    def schedule(self, size: int, now: float) -> tuple[float, bool]:
        start = max(now, self.line_free_at)
        self.line_free_at = start + size * 8 / self.bps
        lost = self.profile.loss > 0 and self.rng.random() < self.profile.loss
        return self.line_free_at + self.profile.rtt / 2 + (self.profile.rto if lost else 0.0), lost


def _quiet_on_cancel(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    # Stopping the proxy cancels connections still open (a client's keep-alive): not an error.
    if isinstance(context.get("exception"), asyncio.CancelledError):
        return
    loop.default_exception_handler(context)


CUT = "cut"
DROP = "drop"


class LinkProxy:
    """Runs the proxy in its own thread and event loop; ``start()`` returns the listening port."""

    def __init__(self, upstream_host: str, upstream_port: int, profile: LinkProfile, seed: int = 1) -> None:
        self.seed = seed
        self.upstream = (upstream_host, upstream_port)
        self.profile = profile
        self.counters = LinkCounters()
        # The line is shared by all connections of the phone, as one radio bearer is.
        self._up = _Direction(profile.up_bps, profile, seed * 2 + 1)
        self._down = _Direction(profile.down_bps, profile, seed * 2 + 2)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    def _on_read(self, name: str, data: bytes, reply_starts: bool) -> tuple[bytes, str | None]:
        """What of ``data`` read in direction ``name`` goes on, and whether the connection is then
        cut (CUT) or dropped before it (DROP). The plain link passes everything."""
        return data, None

    def _write(self, name: str, data: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(data)

    def start(self) -> int:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            self._loop.set_exception_handler(_quiet_on_cancel)
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._handle, "127.0.0.1", 0)
            )
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()
            pending = asyncio.all_tasks(self._loop)
            for task in pending:
                task.cancel()
            self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self._server.close()
            self._loop.run_until_complete(self._server.wait_closed())
            self._loop.close()

        self._thread = threading.Thread(target=run, daemon=True, name=f"link-{self.profile.name}")
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the link proxy did not start")
        return self.port

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        with self.counters._lock:
            self.counters.connects += 1
        try:
            up_r, up_w = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_w.transport.abort()
            return
        # The SYN/SYN-ACK handshake costs one RTT before the first byte.
        await asyncio.sleep(self.profile.rtt)
        state = {"last": "down"}

        def cut(kind: str) -> None:
            with self.counters._lock:
                if kind == DROP:
                    self.counters.drops += 1
                else:
                    self.counters.cuts += 1
            up_w.transport.abort()
            client_w.transport.abort()

        state["cut"] = cut
        await asyncio.gather(
            self._pump(client_r, up_w, self._up, "up", state),
            self._pump(up_r, client_w, self._down, "down", state),
            return_exceptions=True,
        )
        up_w.close()
        client_w.close()

    async def _pump(self, reader, writer, direction: _Direction, name: str, state: dict) -> None:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()

        async def deliver() -> None:
            last = 0.0
            while True:
                item = await queue.get()
                if item is None:
                    break
                at, data = item
                if isinstance(
                    data, str
                ):  # a cut or a drop: what was queued before it has been delivered
                    state["cut"](data)
                    return
                at = max(at, last)  # in order, as TCP delivers
                last = at
                delay = at - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                self._write(name, data, writer)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()

        task = asyncio.create_task(deliver())
        try:
            while True:
                data = await reader.read(64 * 1024)
                if not data:
                    break
                with self.counters._lock:
                    if name == "up":
                        self.counters.bytes_up += len(data)
                    else:
                        self.counters.bytes_down += len(data)
                        if state["last"] == "up":
                            self.counters.exchanges += 1
                    reply_starts = name == "down" and state["last"] == "up"
                    state["last"] = name
                data, fault = self._on_read(name, data, reply_starts)
                if fault == DROP:
                    queue.put_nowait((loop.time(), DROP))  # the server acted; its answer is lost
                    break
                for i in range(0, len(data), SEGMENT):
                    seg = data[i : i + SEGMENT]
                    at, lost = direction.schedule(len(seg), loop.time())
                    if lost:
                        with self.counters._lock:
                            self.counters.retransmissions += 1
                    queue.put_nowait((at, seg))
                if fault == CUT:
                    queue.put_nowait((loop.time(), CUT))
                    break
        except (ConnectionError, OSError):
            pass
        finally:
            queue.put_nowait(None)
            try:
                await task
            except (ConnectionError, OSError, asyncio.CancelledError):
                pass


@contextmanager
def link(upstream_host: str, upstream_port: int, profile: LinkProfile, seed: int = 1) -> Iterator[LinkProxy]:
    proxy = LinkProxy(upstream_host, upstream_port, profile, seed)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


def now() -> float:
    return time.monotonic()
