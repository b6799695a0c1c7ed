"""The launcher with several workers: each worker answers on the one port, SIGTERM stops them all,
and a worker that dies takes the service down (non-zero), never leaving a half-service running."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from deploy.local_suite.ports import HOST, free_port
from deploy.local_suite.processes import service_argv

ROOT = Path(__file__).resolve().parents[3]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _gone(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) == "Z"
    except OSError:
        return True


@pytest.fixture
def service(couchdb_url):
    port = free_port()
    env = dict(os.environ, COUCHDB_URL=couchdb_url, KORA_SECRET_KEY="w" * 40, KORA_WORKERS="2",
               KORA_LOG_LEVEL="WARNING")
    process = subprocess.Popen(service_argv("services.sync.app:create_app", port, HOST), env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for _ in range(600):
        try:
            if httpx.get(f"http://{HOST}:{port}/health/live", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    yield process, port
    if process.poll() is None:
        process.kill()
    process.communicate()


def _workers(process: subprocess.Popen) -> list[int]:
    for _ in range(100):  # multiprocessing's resource tracker may be a child too
        workers = [p for p in _children(process.pid) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()
                   and b"resource_tracker" not in Path(f"/proc/{p}/cmdline").read_bytes()]
        if len(workers) == 2:
            return workers
        time.sleep(0.1)
    raise AssertionError(f"expected two workers under {process.pid}")


def test_two_workers_answer_and_sigterm_stops_them_all(service):
    process, port = service
    workers = _workers(process)
    with httpx.Client(base_url=f"http://{HOST}:{port}") as client:
        assert all(client.get("/health/live").status_code == 200 for _ in range(5))
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    assert all(_gone(w) for w in workers)


def test_a_worker_that_dies_stops_the_service_with_an_error(service):
    process, _ = service
    first, second = _workers(process)
    os.kill(first, signal.SIGKILL)
    assert process.wait(timeout=60) == 1
    for _ in range(100):
        if _gone(second):
            break
        time.sleep(0.1)
    assert _gone(second)
