"""py-spy on the sync service (its supervisor and every worker) for the length of a round."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def profiled(pid: int, out: Path) -> Iterator[None]:
    """With BENCH_LOAD_PROFILE=1: py-spy record --subprocesses into ``out``.txt (collapsed stacks,
    idle frames left out); otherwise nothing."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if os.environ.get("BENCH_LOAD_PROFILE") != "1" or not Path(spy).exists():
        yield
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([spy, "record", "--pid", str(pid), "--subprocesses", "--rate", "100",
                                "--format", "raw", "--output", f"{out}.txt", "--nonblocking"],
                               stdout=subprocess.DEVNULL, stderr=open(f"{out}.log", "w"))  # noqa: SIM115
    try:
        yield
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
