"""Stopping the suite runner: Ctrl-C and SIGTERM, each repeated, in quick succession, always stop
every process it started (the runner as `make run` starts it, in its own session, real signals)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from deploy.local_suite.ports import is_free
from deploy.local_suite.stop_signal import StopSignal
from tests.makefile.test_make_run import (
    PORT_VARIABLES,
    ROOT,
    UP_BANNER,
    alive,
    descendants,
    make_env,
)


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass  # it already stopped: a late repeat has nothing to reach


def _runner(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "deploy.local_suite", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def _read_until(runner: subprocess.Popen, marker: str, seen: list[str]) -> None:
    assert runner.stdout is not None
    for line in runner.stdout:
        seen.append(line)
        if marker in line:
            return
    raise AssertionError(f"the runner ended before {marker!r}:\n{''.join(seen)}")


def _burst(pid: int) -> None:
    """Two SIGTERMs 10 ms apart, then Ctrl-C twice (and more Ctrl-C until it is gone, below)."""
    for sig in (signal.SIGTERM, signal.SIGTERM, signal.SIGINT, signal.SIGINT):
        _signal(pid, sig)
        time.sleep(0.01)


def _keep_pressing_ctrl_c(runner: subprocess.Popen, seconds: float = 90.0) -> None:
    """Ctrl-C every 2 ms until the runner has exited, so that one lands while it shuts down."""
    deadline = time.monotonic() + seconds
    while runner.poll() is None and time.monotonic() < deadline:
        _signal(runner.pid, signal.SIGINT)
        time.sleep(0.002)


def _assert_all_gone(runner: subprocess.Popen, started: set[int], env: dict[str, str], output: list[str]) -> None:
    _keep_pressing_ctrl_c(runner)
    try:
        out, _ = runner.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        for pid in descendants(runner.pid) | {runner.pid}:
            _signal(pid, signal.SIGKILL)
        runner.communicate()
        raise AssertionError("the runner did not stop after SIGTERM, SIGTERM, SIGINT, SIGINT") from None
    output.append(out)
    assert runner.returncode == 0, "".join(output)
    assert "Stopping Kora" in "".join(output)
    left = [pid for pid in started if alive(pid)]
    assert left == [], f"processes left running: {left}"
    for variable in PORT_VARIABLES:
        assert is_free(int(env[variable])), f"{variable}={env[variable]} is still taken"


def test_repeated_sigterm_and_ctrl_c_stop_the_running_suite_and_everything_it_started(tmp_path):
    env = make_env(tmp_path / "var", KORA_WORKERS="2")
    runner = _runner(env)
    output: list[str] = []
    try:
        _read_until(runner, UP_BANNER, output)
        started = descendants(runner.pid)
        # local CouchDB, and per service a uvicorn supervisor with its two workers
        assert len(started) >= 1 + 3 * 3, started
        _burst(runner.pid)
        _assert_all_gone(runner, started, env, output)
    finally:
        for pid in descendants(runner.pid):
            _signal(pid, signal.SIGKILL)
        if runner.poll() is None:
            runner.kill()
            runner.communicate()


def test_the_same_burst_while_the_suite_is_still_starting_stops_what_was_started(tmp_path):
    env = make_env(tmp_path / "var", KORA_WORKERS="2")
    runner = _runner(env)
    output: list[str] = []
    try:
        _read_until(runner, "bootstrap:", output)  # the local CouchDB is up, the services are not yet
        started = descendants(runner.pid)
        assert started
        _burst(runner.pid)
        _assert_all_gone(runner, started | descendants(runner.pid), env, output)
        assert UP_BANNER not in "".join(output)
    finally:
        for pid in descendants(runner.pid):
            _signal(pid, signal.SIGKILL)
        if runner.poll() is None:
            runner.kill()
            runner.communicate()


def test_the_handler_only_records_signals_and_wakes_the_waiting_runner():
    stop = StopSignal().install()
    try:
        assert stop.wait(0.01) is False
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGINT)
        assert stop.wait(5) is True
        assert stop.received == [signal.SIGTERM, signal.SIGINT] and stop.count == 2
    finally:
        stop.uninstall()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_once_stopped_a_late_signal_is_ignored_rather_than_left_to_the_default_action():
    stop = StopSignal().install()
    try:
        stop.ignore_from_now()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
        os.kill(os.getpid(), signal.SIGTERM)  # would end this test process without the fix
    finally:
        stop.uninstall()
