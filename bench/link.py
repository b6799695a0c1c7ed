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

Faults, for the tests in tests/faults (all seeded and counted):

- ``cut_rate``: the connection is torn down at a random byte of the stream, in either direction (a
  request cut part-way, or a reply lost part-way after the server acted). The cut points are byte
  offsets in each direction's stream, drawn ahead, so they do not depend on how reads happen to
  be split; the mean gap between cuts is SEGMENT / cut_rate bytes.
- ``drop_rate``: drop after act. The request goes through whole, the server acts and answers,
  and the connection is dropped at the reply's first byte: the client never sees the answer.
- ``when_delivered(direction, after_bytes, action)``: call ``action()`` once the proxy has
  delivered that many bytes in that direction (e.g. SIGKILL the server mid-request);
  ``when_seen(direction, marker, action, then_bytes)``: the same, counted from the end of the
  next delivery of ``marker`` (e.g. once CouchDB has the first bytes of a ``_bulk_docs``).
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Callable, Iterator
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


class _CutPlan:
    """Where one direction's stream is cut next: a byte offset drawn ahead from a seeded generator."""

    def __init__(self, rate: float, seed: int) -> None:
        self.rate = rate
        self.rng = random.Random(seed)
        self.position = 0  # bytes of this direction read so far, over every connection
        self.next_cut = self._gap() if rate else None

    def _gap(self) -> int:
        return 1 + int(self.rng.expovariate(self.rate / SEGMENT))

    def take(self, size: int) -> int | None:
        """For the next ``size`` bytes: how many pass before a cut (None: no cut in them)."""
        if self.next_cut is None or self.position + size < self.next_cut:
            self.position += size
            return None
        passed = self.next_cut - self.position
        self.position = self.next_cut
        self.next_cut = self.position + self._gap()
        return passed


def _quiet_on_cancel(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    # Stopping the proxy cancels connections still open (a client's keep-alive): not an error.
    if isinstance(context.get("exception"), asyncio.CancelledError):
        return
    loop.default_exception_handler(context)


def _rates(cut_rate: float | tuple[float, float]) -> tuple[float, float]:
    return cut_rate if isinstance(cut_rate, tuple) else (cut_rate, cut_rate)


_CUT = "cut"
_DROP = "drop"


@dataclass
class _Trigger:
    after_bytes: int
    action: Callable[[], None]
    fired: bool = False


@dataclass
class _Marker:
    marker: bytes
    then_bytes: int
    action: Callable[[], None]


class LinkProxy:
    """Runs the proxy in its own thread and event loop; ``start()`` returns the listening port."""

    def __init__(
        self,
        upstream_host: str,
        upstream_port: int,
        profile: LinkProfile,
        seed: int = 1,
        cut_rate: float | tuple[float, float] = 0.0,
        drop_rate: float = 0.0,
    ) -> None:
        # cut_rate: one rate for both directions, or (requests, replies).
        self.seed = seed
        self.upstream = (upstream_host, upstream_port)
        self.profile = profile
        self.counters = LinkCounters()
        # The line is shared by all connections of the phone, as one radio bearer is.
        self._up = _Direction(profile.up_bps, profile, seed * 2 + 1)
        self._down = _Direction(profile.down_bps, profile, seed * 2 + 2)
        up_cuts, down_cuts = _rates(cut_rate)
        self._cuts = {
            "up": _CutPlan(up_cuts, seed * 5 + 3),
            "down": _CutPlan(down_cuts, seed * 5 + 4),
        }
        self.drop_rate = drop_rate
        self._drops = random.Random(seed * 5 + 6)
        self._delivered = {"up": 0, "down": 0}
        self._triggers: dict[str, list[_Trigger]] = {"up": [], "down": []}
        self._markers: dict[str, list[_Marker]] = {"up": [], "down": []}
        self._tails = {"up": b"", "down": b""}  # the last bytes delivered, to find split markers
        self._trigger_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    def set_faults(
        self, cut_rate: float | tuple[float, float] | None = None, drop_rate: float | None = None
    ) -> None:
        """Change the fault rates from now on (e.g. a clean first sync, then a faulty one)."""
        with self._trigger_lock:
            if cut_rate is not None:
                for plan, rate in zip(self._cuts.values(), _rates(cut_rate), strict=True):
                    plan.rate = rate
                    plan.next_cut = plan.position + plan._gap() if rate else None
            if drop_rate is not None:
                self.drop_rate = drop_rate

    def when_delivered(self, direction: str, after_bytes: int, action: Callable[[], None]) -> None:
        """Call ``action()`` (in the proxy's thread: keep it short) once ``after_bytes`` more bytes
        have been delivered in ``direction`` ("up": to the server, "down": to the client)."""
        with self._trigger_lock:
            at = self._delivered[direction] + after_bytes
            self._triggers[direction].append(_Trigger(at, action))

    def when_seen(
        self, direction: str, marker: bytes, action: Callable[[], None], then_bytes: int = 0
    ) -> None:
        """Call ``action()`` once ``then_bytes`` bytes past the end of the next ``marker`` delivered
        in ``direction`` have been delivered too."""
        with self._trigger_lock:
            self._markers[direction].append(_Marker(marker, then_bytes, action))

    def delivered(self, direction: str) -> int:
        with self._trigger_lock:
            return self._delivered[direction]

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
                if kind == _DROP:
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

    def _fire_triggers(self, name: str, data: bytes, writer: asyncio.StreamWriter) -> None:
        """Write ``data``, calling each trigger exactly when its byte has been written."""
        with self._trigger_lock:
            tail = self._tails[name]
            window = tail + data
            base = self._delivered[name] - len(tail)  # stream offset of window[0]
            for marker in list(self._markers[name]):
                found = window.find(marker.marker)
                if found >= 0:
                    self._markers[name].remove(marker)
                    end = base + found + len(marker.marker)
                    self._triggers[name].append(_Trigger(end + marker.then_bytes, marker.action))
            keep = max((len(m.marker) for m in self._markers[name]), default=1) - 1
            self._tails[name] = window[len(window) - keep :] if keep else b""
        while data:
            with self._trigger_lock:
                done = self._delivered[name]
                waiting = [t for t in self._triggers[name] if not t.fired]
                nearest = min((t.after_bytes for t in waiting), default=None)
            if nearest is None or nearest > done + len(data):
                writer.write(data)
                with self._trigger_lock:
                    self._delivered[name] += len(data)
                return
            split = max(0, nearest - done)
            head, data = data[:split], data[split:]
            writer.write(head)
            with self._trigger_lock:
                self._delivered[name] += len(head)
                due = [t for t in waiting if t.after_bytes <= self._delivered[name]]
                for trigger in due:
                    trigger.fired = True
            for trigger in due:
                trigger.action()

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
                self._fire_triggers(name, data, writer)
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
                if reply_starts and self.drop_rate and self._drops.random() < self.drop_rate:
                    queue.put_nowait((loop.time(), _DROP))  # the server acted; its answer is lost
                    break
                with self._trigger_lock:
                    passed = self._cuts[name].take(len(data))
                if passed is not None:
                    data = data[:passed]
                for i in range(0, len(data), SEGMENT):
                    seg = data[i : i + SEGMENT]
                    at, lost = direction.schedule(len(seg), loop.time())
                    if lost:
                        with self.counters._lock:
                            self.counters.retransmissions += 1
                    queue.put_nowait((at, seg))
                if passed is not None:
                    queue.put_nowait((loop.time(), _CUT))
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
def link(
    upstream_host: str,
    upstream_port: int,
    profile: LinkProfile,
    seed: int = 1,
    cut_rate: float | tuple[float, float] = 0.0,
    drop_rate: float = 0.0,
) -> Iterator[LinkProxy]:
    proxy = LinkProxy(upstream_host, upstream_port, profile, seed, cut_rate, drop_rate)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


def now() -> float:
    return time.monotonic()
