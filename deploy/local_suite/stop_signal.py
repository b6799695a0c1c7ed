"""Ctrl-C and SIGTERM for the suite runner: the handlers only record the signal, nothing more.

A handler runs in the main thread between two bytecodes, possibly while the main thread is itself
inside ``Event.set`` or any other code holding a lock; so it must take no lock and call nothing
that might. It appends to a list (atomic) and the interpreter writes the signal number to a
self-pipe (``signal.set_wakeup_fd``), which is what the runner sleeps on. A repeat of either signal
is recorded the same way: the runner reads ``count`` to stop harder (see processes.Children).
"""

from __future__ import annotations

import os
import select
import signal
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopSignal:
    def __init__(self) -> None:
        self.received: list[int] = []
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)
        self._previous: dict[int, object] = {}
        self._previous_fd = -1

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.received.append(signum)  # no lock, no I/O: the wakeup fd is written by the interpreter

    def install(self) -> StopSignal:
        self._previous_fd = signal.set_wakeup_fd(self._write, warn_on_full_buffer=False)
        for sig in SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def uninstall(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        signal.set_wakeup_fd(self._previous_fd)
        os.close(self._read)
        os.close(self._write)

    def ignore_from_now(self) -> None:
        """Once everything is stopped: further Ctrl-C or SIGTERM are ignored. Leaving the handlers in
        place is not enough, because the interpreter puts the default action back while it shuts
        down, and a late repeat would then kill the runner with the signal instead of exit code 0."""
        for sig in SIGNALS:
            signal.signal(sig, signal.SIG_IGN)

    @property
    def count(self) -> int:
        return len(self.received)

    def is_set(self) -> bool:
        return bool(self.received)

    def wait(self, timeout: float) -> bool:
        """Sleep until a signal arrives or ``timeout`` passes; whether one has arrived."""
        if not self.received:
            select.select([self._read], [], [], timeout)
            try:
                os.read(self._read, 512)
            except BlockingIOError:
                pass
        return self.is_set()

