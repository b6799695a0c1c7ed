"""A private X display for the window tests: Xvfb on a display number it picks itself.

Tests that open a real window need an X server; CI and `make test` have none, so the fixture
starts Xvfb (Debian's xvfb) and points DISPLAY at it. Mesa's software OpenGL (llvmpipe) draws.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
from pathlib import Path

SCREEN = "1280x1400x24"  # room for the 720x1280 phone window
START_TIMEOUT = 30.0


class XvfbFailed(RuntimeError):
    pass


class Xvfb:
    def __init__(self, log_path: Path):
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.display = ""

    def start(self) -> str:
        """Start Xvfb; returns its DISPLAY (':N') once the server accepts clients."""
        if shutil.which("Xvfb") is None:
            raise XvfbFailed("Xvfb is not installed (Debian package xvfb, in deploy/debian-packages.txt)")
        read_fd, write_fd = os.pipe()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "wb") as log:
            # -displayfd: Xvfb takes the first free display number and writes it once it is ready.
            self.process = subprocess.Popen(
                ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", SCREEN, "-nolisten", "tcp"],
                pass_fds=[write_fd], stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            )
        os.close(write_fd)
        try:
            number = self._read_display_number(read_fd)
        finally:
            os.close(read_fd)
        self.display = f":{number}"
        return self.display

    def _read_display_number(self, read_fd: int) -> str:
        # Xvfb writes the number, then a newline: read up to the newline, or it dies of EPIPE.
        data = b""
        while not data.endswith(b"\n"):
            ready, _, _ = select.select([read_fd], [], [], START_TIMEOUT)
            chunk = os.read(read_fd, 64) if ready else b""
            if not chunk:
                self.stop()
                log = self.log_path.read_text(errors="replace")
                raise XvfbFailed(f"Xvfb did not start; its log: {log}")
            data += chunk
        return data.decode().strip()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
