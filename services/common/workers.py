"""Several uvicorn worker processes on one port, each with its own listening socket (SO_REUSEPORT).

uvicorn's own ``--workers`` shares one listening socket between the workers: whichever event loop
wakes first accepts, so a burst of connections lands mostly on one worker while another idles (a
py-spy profile of 50 phones syncing at once showed 83 % of the samples in one of two workers).
With one SO_REUSEPORT socket per worker the kernel spreads connections over the workers by their
addresses. This process only supervises: it passes SIGTERM and SIGINT on, and when a worker dies
it stops the others and exits non-zero, so that ``make run`` or the orchestrator notices.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import socket
import time
from typing import Any

_PR_SET_PDEATHSIG = 1
GRACE_SECONDS = 15.0


def listening_socket(host: str, port: int, backlog: int = 2048) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def _worker(factory: str, host: str, port: int, options: dict[str, Any]) -> None:
    import uvicorn

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)  # die with the supervisor
    config = uvicorn.Config(factory, factory=True, host=host, port=port, **options)
    uvicorn.Server(config).run(sockets=[listening_socket(host, port)])


def supervise(factory: str, host: str, port: int, workers: int, options: dict[str, Any]) -> int:
    """Start ``workers`` processes serving ``factory`` on host:port; return when they have ended."""
    # Bound here first: a port in use fails now, with a clear error, not in every worker.
    probe = listening_socket(host, port)
    received: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, _frame: received.append(signum))
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_worker, args=(factory, host, port, options), name=f"worker-{n}")
                 for n in range(workers)]
    for process in processes:
        process.start()
    probe.close()  # the workers' sockets take the connections from here on
    code = 0
    while not received:
        if any(not p.is_alive() for p in processes):
            code = 1
            break
        time.sleep(0.2)
    for process in processes:
        if process.is_alive():
            os.kill(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for process in processes:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()
    return code
