"""Child processes that die with their parent and stop in order."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import time
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

    def stop_all(self, grace_seconds: float = 8.0) -> None:
        for child in reversed(self.started):
            if child.alive():
                child.process.send_signal(signal.SIGTERM)
            try:
                child.process.wait(timeout=grace_seconds)
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
        self.started.clear()


class StartupFailed(RuntimeError):
    pass


def wait_for_http(child: Child, url: str, timeout_seconds: float = 120.0) -> None:
    # A service that dies is reported at once; a slow start (a loaded CI machine) is waited for.
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if not child.alive():
            raise StartupFailed(f"{child.name} exited with code {child.process.returncode}:\n{child.log_tail()}")
        try:
            if httpx.get(url, timeout=2.0).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.15)
    raise StartupFailed(f"{child.name} did not answer at {url} within {timeout_seconds:.0f} s:\n{child.log_tail()}")
