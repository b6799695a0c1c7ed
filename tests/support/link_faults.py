"""Faults on the simulated link, for the fault tests: cuts, drops after act, and actions fired at
an exact byte of the stream. All seeded and counted, so a failing run can be replayed.

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.link import CUT, DROP, SEGMENT, LinkProfile, LinkProxy

Rates = float | tuple[float, float]  # one rate for both directions, or (requests, replies)


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


def _rates(cut_rate: Rates) -> tuple[float, float]:
    return cut_rate if isinstance(cut_rate, tuple) else (cut_rate, cut_rate)


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


class FaultyLinkProxy(LinkProxy):
    def __init__(self, upstream_host: str, upstream_port: int, profile: LinkProfile, seed: int = 1,
                 cut_rate: Rates = 0.0, drop_rate: float = 0.0) -> None:
        super().__init__(upstream_host, upstream_port, profile, seed)
        up_cuts, down_cuts = _rates(cut_rate)
        self._cuts = {"up": _CutPlan(up_cuts, seed * 5 + 3), "down": _CutPlan(down_cuts, seed * 5 + 4)}
        self.drop_rate = drop_rate
        self._drops = random.Random(seed * 5 + 6)
        self._delivered = {"up": 0, "down": 0}
        self._triggers: dict[str, list[_Trigger]] = {"up": [], "down": []}
        self._markers: dict[str, list[_Marker]] = {"up": [], "down": []}
        self._tails = {"up": b"", "down": b""}  # the last bytes delivered, to find split markers
        self._trigger_lock = threading.Lock()

    def set_faults(self, cut_rate: Rates | None = None, drop_rate: float | None = None) -> None:
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

    def when_seen(self, direction: str, marker: bytes, action: Callable[[], None], then_bytes: int = 0) -> None:
        """Call ``action()`` once ``then_bytes`` bytes past the end of the next ``marker`` delivered
        in ``direction`` have been delivered too."""
        with self._trigger_lock:
            self._markers[direction].append(_Marker(marker, then_bytes, action))

    def delivered(self, direction: str) -> int:
        with self._trigger_lock:
            return self._delivered[direction]

    def _on_read(self, name: str, data: bytes, reply_starts: bool) -> tuple[bytes, str | None]:
        if reply_starts and self.drop_rate and self._drops.random() < self.drop_rate:
            return data, DROP
        with self._trigger_lock:
            passed = self._cuts[name].take(len(data))
        return (data, None) if passed is None else (data[:passed], CUT)

    def _write(self, name: str, data: bytes, writer: asyncio.StreamWriter) -> None:
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
            self._tails[name] = window[len(window) - keep:] if keep else b""
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


@contextmanager
def faulty_link(upstream_host: str, upstream_port: int, profile: LinkProfile, seed: int = 1,
                cut_rate: Rates = 0.0, drop_rate: float = 0.0) -> Iterator[FaultyLinkProxy]:
    proxy = FaultyLinkProxy(upstream_host, upstream_port, profile, seed, cut_rate, drop_rate)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
