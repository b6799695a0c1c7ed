"""Ports: the suite's defaults, overridable from the environment, checked before anything starts."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Port:
    variable: str
    default: int
    purpose: str

    @property
    def value(self) -> int:
        raw = os.environ.get(self.variable, str(self.default))
        if not raw.isdigit() or not 0 < int(raw) < 65536:
            raise PortError(f"{self.variable}={raw!r} is not a port number (1-65535)")
        return int(raw)


COUCHDB = Port("KORA_COUCH_PORT", 5984, "the local CouchDB-protocol server")
SYNC = Port("KORA_SYNC_PORT", 8101, "the sync service")
REVIEW = Port("KORA_REVIEW_PORT", 8102, "the review service")
NOTICES = Port("KORA_NOTICES_PORT", 8103, "the notices service")


class PortError(RuntimeError):
    pass


def is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As the servers themselves bind: connections of a just-stopped run lingering in TIME_WAIT
        # do not make the port taken; a socket listening on it still does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def check_free(ports: list[Port]) -> None:
    """Fail with one clear message naming every port that is taken and how to choose another."""
    taken = [p for p in ports if not is_free(p.value)]
    if taken:
        lines = [f"  port {p.value} on {HOST}, needed by {p.purpose}: set {p.variable} to another port"
                 for p in taken]
        raise PortError("these ports are already in use (is another `make run` still up?):\n" + "\n".join(lines))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]
