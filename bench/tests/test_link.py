"""The link simulator carries bytes intact and takes at least the time the link physically needs."""

import socket
import threading
import time

from bench.link import PROFILES, LinkProfile, link


def _echo_server() -> tuple[socket.socket, int]:
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            with conn:
                while data := conn.recv(65536):
                    conn.sendall(data)

    threading.Thread(target=serve, daemon=True).start()
    return srv, srv.getsockname()[1]


def _roundtrip(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        got = b""
        while chunk := s.recv(65536):
            got += chunk
    return got


def test_bytes_pass_intact_and_are_counted() -> None:
    srv, port = _echo_server()
    payload = bytes(range(256)) * 400
    try:
        with link("127.0.0.1", port, LinkProfile("fast", 1e9, 1e9, 0.0)) as proxy:
            assert _roundtrip(proxy.port, payload) == payload
            time.sleep(0.1)
            counts = proxy.counters.snapshot()
    finally:
        srv.close()
    assert counts["bytes_up"] == len(payload)
    assert counts["bytes_down"] == len(payload)
    assert counts["connects"] == 1


def test_bandwidth_is_enforced() -> None:
    srv, port = _echo_server()
    # An echo is full duplex: the last byte comes back no sooner than 160 kbit at 400 kbit/s (0.4 s) + RTT.
    payload = b"x" * 20_000
    profile = LinkProfile("slow", 800_000, 400_000, 0.02)
    try:
        with link("127.0.0.1", port, profile) as proxy:
            started = time.monotonic()
            assert _roundtrip(proxy.port, payload) == payload
            elapsed = time.monotonic() - started
    finally:
        srv.close()
    assert elapsed >= len(payload) * 8 / profile.up_bps + profile.rtt


def test_loss_draws_are_reproducible() -> None:
    from bench.link import _Direction

    profile = PROFILES["gprs-loss2"]
    d1, d2 = _Direction(1e6, profile, 7), _Direction(1e6, profile, 7)
    draws1 = [d1.schedule(1460, 0.0)[1] for _ in range(2000)]
    draws2 = [d2.schedule(1460, 0.0)[1] for _ in range(2000)]
    assert draws1 == draws2
    assert 10 < sum(draws1) < 80  # about 2 % of 2000
