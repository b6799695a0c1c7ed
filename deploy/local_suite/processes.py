"""Child processes that die with their parent and stop in order."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # If the suite runner is killed outright, the kernel sends SIGTERM to its children: nothing is
    # left running.
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    os.setpgrp()  # Ctrl-C goes to the runner only; it stops the children in order.


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    log_path: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class Children:
    started: list[Child] = field(default_factory=list)

    def start(self, name: str, argv: list[str], env: dict[str, str], log_path: Path, cwd: Path) -> Child:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "ab") as log:
            # preexec_fn: prctl must run in the child; the runner starts its children from one thread.
            process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)  # noqa: PLW1509
        child = Child(name, process, log_path)
        self.started.append(child)
        return child

    def stop_all(self, grace_seconds: float = 8.0, hurry: Callable[[], bool] = lambda: False) -> None:
        """SIGTERM each child (last started first) and wait up to ``grace_seconds``; then SIGKILL.
        While ``hurry()`` is true (a repeated Ctrl-C), the wait is skipped. Each child leads its
        own process group (uvicorn's workers are in it), so the whole group is swept afterwards."""
        for child in reversed(self.started):
            if child.alive():
                child.process.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + grace_seconds
            while child.alive() and time.monotonic() < deadline and not hurry():
                time.sleep(0.05)
            if child.alive():
                child.process.kill()
            child.process.wait()
            _sweep_group(child.process.pid, deadline)
        self.started.clear()


def _sweep_group(pgid: int, deadline: float) -> None:
    """What is left of a child's process group (workers outliving their master): SIGTERM while the
    grace period lasts, then SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            return
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, 0)
            except (ProcessLookupError, PermissionError):
                return
            time.sleep(0.05)
        deadline = time.monotonic() + 2.0


def service_argv(factory: str, port: int, host: str = "127.0.0.1") -> list[str]:
    """A Kora service under uvicorn with KORA_WORKERS worker processes (services/common/serve.py)."""
    return [sys.executable, "-m", "services.common.serve", factory, "--host", host, "--port", str(port)]


class StartupFailed(RuntimeError):
    pass


class Interrupted(Exception):
    """Ctrl-C or SIGTERM arrived while the suite was starting."""


def run_step(argv: list[str], env: dict[str, str], cwd: Path, stopping: Callable[[], bool]) -> None:
    """Run a one-shot step (bootstrap, seed) to its end, as subprocess.run(check=True) does, but
    stop it and raise Interrupted as soon as ``stopping()`` is true."""
    process = subprocess.Popen(argv, env=env, cwd=cwd, preexec_fn=_die_with_parent)  # noqa: PLW1509
    try:
        while process.poll() is None:
            if stopping():
                raise Interrupted(f"stopped during {' '.join(argv[-1:])}")
            time.sleep(0.05)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, argv)


def wait_for_http(child: Child, url: str, timeout_seconds: float = 120.0,
                  stopping: Callable[[], bool] = lambda: False) -> None:
    """Until ``url`` answers; raises StartupFailed when the child dies or the time is up, and
    Interrupted as soon as ``stopping()`` is true."""
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if stopping():
            raise Interrupted(f"stopped while waiting for {child.name}")
        if not child.alive():
            raise StartupFailed(f"{child.name} exited with code {child.process.returncode}:\n{child.log_tail()}")
        try:
            if httpx.get(url, timeout=2.0).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.15)
    raise StartupFailed(f"{child.name} did not answer at {url} within {timeout_seconds:.0f} s:\n{child.log_tail()}")
