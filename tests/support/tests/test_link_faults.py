"""Faults on the simulated link: cuts and drops fall on seeded bytes; triggers fire on exact bytes."""

import socket
import threading
import time

from bench.link import LinkProfile
from tests.support.link_faults import faulty_link


def _recording_server() -> tuple[socket.socket, int, list[bytes]]:
    """Reads each request to its end, records it, then answers: a server that acts, then replies."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    received: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            with conn:
                got = b""
                try:
                    while data := conn.recv(65536):
                        got += data
                    received.append(got)
                    conn.sendall(b"done:" + str(len(got)).encode())
                except OSError:
                    received.append(got)

    threading.Thread(target=serve, daemon=True).start()
    return srv, srv.getsockname()[1], received


def _send(port: int, payload: bytes) -> bytes | None:
    """The reply, or None when the link dropped the connection."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(payload)
            s.shutdown(socket.SHUT_WR)
            got = b""
            while chunk := s.recv(65536):
                got += chunk
        return got
    except ConnectionError:
        return None


def _wait_for(received: list, count: int) -> None:
    deadline = time.monotonic() + 10
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.01)


FAST = LinkProfile("fast", 1e9, 1e9, 0.0)


def _drop_pattern(seed: int, exchanges: int) -> tuple[list[bool], dict[str, int], list[bytes]]:
    srv, port, received = _recording_server()
    try:
        with faulty_link("127.0.0.1", port, FAST, seed=seed, drop_rate=0.5) as proxy:
            replies = [_send(proxy.port, b"request %d" % i) for i in range(exchanges)]
            _wait_for(received, exchanges)
            counts = proxy.counters.snapshot()
    finally:
        srv.close()
    return [r in (None, b"") for r in replies], counts, received


def test_drop_after_act_lets_the_server_act_then_loses_the_reply_reproducibly() -> None:
    dropped, counts, received = _drop_pattern(seed=4, exchanges=30)
    # The server got every request whole, dropped reply or not: it acted.
    assert received == [b"request %d" % i for i in range(30)]
    assert counts["drops"] == sum(dropped) and 5 < sum(dropped) < 25
    assert counts["cuts"] == 0
    again, _, _ = _drop_pattern(seed=4, exchanges=30)
    assert again == dropped  # seeded: the same exchanges lose their reply


def _cut_prefix(seed: int, payload: bytes) -> tuple[bytes, dict[str, int]]:
    srv, port, received = _recording_server()
    try:
        with faulty_link("127.0.0.1", port, FAST, seed=seed, cut_rate=0.05) as proxy:
            reply = _send(proxy.port, payload)
            _wait_for(received, 1)
            counts = proxy.counters.snapshot()
    finally:
        srv.close()
    assert reply in (None, b"")
    return received[0], counts


def test_a_cut_falls_on_a_seeded_byte_and_the_server_gets_exactly_the_bytes_before_it() -> None:
    payload = bytes(range(256)) * 2000  # 512 kB: a cut at 5 % per 1460-byte segment is certain
    prefix, counts = _cut_prefix(seed=9, payload=payload)
    assert counts["cuts"] == 1 and len(prefix) < len(payload)
    assert payload.startswith(prefix)
    again, _ = _cut_prefix(seed=9, payload=payload)
    assert again == prefix  # the same byte, whatever sizes the reads came in
    other, _ = _cut_prefix(seed=10, payload=payload)
    assert len(other) != len(prefix)


def test_a_trigger_fires_once_when_its_byte_has_been_delivered() -> None:
    srv, port, _ = _recording_server()
    seen: list[int] = []
    try:
        with faulty_link("127.0.0.1", port, FAST) as proxy:
            proxy.when_delivered("up", 5000, lambda: seen.append(proxy.delivered("up")))
            assert _send(proxy.port, b"y" * 20_000) == b"done:20000"
            _send(proxy.port, b"z" * 20_000)
    finally:
        srv.close()
    assert seen == [5000]


def test_a_marker_trigger_counts_from_the_end_of_the_marker_even_when_reads_split_it() -> None:
    srv, port, _ = _recording_server()
    seen: list[int] = []
    payload = b"a" * 3000 + b"_bulk_docs" + b"b" * 3000
    try:
        # A slow line splits the stream into 1460-byte segments: the marker straddles two of them.
        with faulty_link("127.0.0.1", port, LinkProfile("slow", 1e9, 2e6, 0.0)) as proxy:
            proxy.when_seen(
                "up", b"_bulk_docs", lambda: seen.append(proxy.delivered("up")), then_bytes=7
            )
            assert _send(proxy.port, payload) == b"done:%d" % len(payload)
    finally:
        srv.close()
    assert seen == [3000 + len(b"_bulk_docs") + 7]
