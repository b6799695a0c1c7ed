"""The Makefile itself: real `make` in subprocesses, on free ports and a temporary var dir.

These start the whole suite (local CouchDB-protocol server + three services), so there are few.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest

from deploy.local_suite.ports import HOST, free_port, is_free

ROOT = Path(__file__).resolve().parents[2]
PORT_VARIABLES = ["KORA_COUCH_PORT", "KORA_SYNC_PORT", "KORA_REVIEW_PORT", "KORA_NOTICES_PORT"]
UP_BANNER = "Press Ctrl-C to stop everything."
# `make run` seeds the demo (300 inspections through the push) before it says it is up: on a busy
# 2-core machine that took over the suite's 300 s default, so these tests wait longer.
pytestmark = pytest.mark.timeout(900)


def make_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "COUCHDB_URL")}
    env["KORA_VAR_DIR"] = str(var_dir)
    for variable in PORT_VARIABLES:
        env[variable] = str(free_port())
    env.update(extra)
    return env


def descendants(pid: int) -> set[int]:
    """Every process below pid, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class MakeRun:
    """`make run` in its own session, as a terminal would run it; Ctrl-C is SIGINT to the group."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(["make", "--no-print-directory", "run"], cwd=ROOT, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.output = ""

    def wait_until_up(self, timeout: float = 840) -> str:
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.output += line
            if UP_BANNER in line:
                return self.output
        self.stop()
        pytest.fail(f"make run did not come up:\n{self.output}")

    def ctrl_c(self, timeout: float = 60) -> bool:
        """Ctrl-C; whether the run ended as a Ctrl-C'd make does (0, or make re-raising SIGINT)."""
        os.killpg(self.process.pid, signal.SIGINT)
        out, _ = self.process.communicate(timeout=timeout)
        self.output += out
        return self.process.returncode in (0, -signal.SIGINT, 128 + signal.SIGINT)

    def stop(self) -> None:
        if self.process.poll() is None:
            for pid in descendants(self.process.pid):
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            self.process.kill()
            self.process.communicate()


def test_setup_is_up_to_date_and_a_second_run_changes_nothing_and_ctrl_c_stops_everything(tmp_path):
    assert subprocess.run(["make", "-q", "setup"], check=False, cwd=ROOT, env=make_env(tmp_path)).returncode == 0

    env = make_env(tmp_path / "var")
    first = MakeRun(env)
    try:
        first.wait_until_up()
        assert first.ctrl_c()
    finally:
        first.stop()

    second = MakeRun(env)
    try:
        output = second.wait_until_up()
        assert "bootstrap: databases, security, indexes and design documents already up to date" in output
        assert "bootstrap: created" not in output and "bootstrap: updated" not in output
        assert "nothing changed" in output and "wrote to" not in output
        for variable in ("KORA_SYNC_PORT", "KORA_REVIEW_PORT", "KORA_NOTICES_PORT"):
            assert httpx.get(f"http://{HOST}:{env[variable]}/health/live", timeout=5).status_code == 200
        children = descendants(second.process.pid)
        assert len(children) >= 5  # runner, local CouchDB, three services
        assert second.ctrl_c()
    finally:
        second.stop()
    assert "Stopping Kora" in second.output
    left = [pid for pid in children if alive(pid)]
    assert left == [], f"processes left running: {left}"
    for variable in PORT_VARIABLES:
        assert is_free(int(env[variable])), f"{variable}={env[variable]} is still taken"


def test_a_taken_port_is_named_with_its_variable_and_nothing_starts(tmp_path):
    env = make_env(tmp_path / "var")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind((HOST, int(env["KORA_REVIEW_PORT"])))
        holder.listen()
        answer = subprocess.run(["make", "--no-print-directory", "run"], check=False, cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
    assert answer.returncode != 0
    message = answer.stdout + answer.stderr
    assert f"port {env['KORA_REVIEW_PORT']}" in message
    assert "KORA_REVIEW_PORT" in message
    assert "Kora is up" not in message
    assert not (tmp_path / "var" / "couchdb").exists()
    for variable in ("KORA_COUCH_PORT", "KORA_SYNC_PORT", "KORA_NOTICES_PORT"):
        assert is_free(int(env[variable]))


def test_with_couchdb_url_make_run_starts_no_local_server(tmp_path, couchdb_url, raw_couch):
    prefix = f"mk{uuid.uuid4().hex[:8]}_"
    env = make_env(tmp_path / "var", COUCHDB_URL=couchdb_url, KORA_DB_PREFIX=prefix)
    run = MakeRun(env)
    try:
        output = run.wait_until_up()
        assert "CouchDB from COUCHDB_URL" in output
        assert is_free(int(env["KORA_COUCH_PORT"]))
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in descendants(run.process.pid) if alive(pid)]
        assert not any(b"server.js" in command for command in commands)
        assert f"{prefix}venues" in raw_couch.get("/_all_dbs").json()
        assert run.ctrl_c()
    finally:
        run.stop()
        for name in raw_couch.get("/_all_dbs").json():
            if name.startswith(prefix):
                raw_couch.delete(f"/{name}")
    assert not (tmp_path / "var" / "couchdb").exists()
