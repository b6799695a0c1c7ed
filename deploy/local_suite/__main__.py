"""`python -m deploy.local_suite run|test`: what `make run` and `make test` do after installing.

run   starts the local CouchDB-protocol server (unless COUCHDB_URL names one), installs the
      databases, seeds the demo data, starts the three services and prints where they answer.
      Ctrl-C stops everything it started.
test  starts a throwaway CouchDB-protocol server on a free port (unless COUCHDB_URL is set), runs
      pytest with the given arguments, and stops the server whatever the tests did.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from deploy.local_suite import ports
from deploy.local_suite.couch_server import ROOT, start_local_couch
from deploy.local_suite.processes import (
    Children,
    Interrupted,
    StartupFailed,
    run_step,
    service_argv,
    wait_for_http,
)
from deploy.local_suite.stop_signal import StopSignal

SERVICES = [
    ("sync", ports.SYNC, "services.sync.app:create_app"),
    ("review", ports.REVIEW, "services.review.app:create_app"),
    ("notices", ports.NOTICES, "services.notices.app:create_app"),
]


def var_dir() -> Path:
    return Path(os.environ.get("KORA_VAR_DIR", ROOT / "var")).resolve()


def local_secrets(var: Path) -> dict[str, str]:
    """Secrets of this machine's local suite, made once and kept under var/ (never committed)."""
    path = var / "local.env"
    values: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    wanted = {"KORA_LOCAL_COUCH_ADMIN": lambda: "admin:" + secrets.token_urlsafe(18),
              "KORA_SECRET_KEY": lambda: secrets.token_urlsafe(48)}
    missing = {k: make() for k, make in wanted.items() if k not in values}
    if missing:
        values.update(missing)
        var.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
        path.chmod(0o600)
    return values


def _step(module: str, env: dict[str, str], stop: StopSignal) -> None:
    run_step([sys.executable, "-m", module], env, ROOT, stop.is_set)


def run() -> int:
    var = var_dir()
    own_couch = "COUCHDB_URL" not in os.environ
    needed = [p for _, p, _ in SERVICES] + ([ports.COUCHDB] if own_couch else [])
    ports.check_free(needed)
    local = local_secrets(var)
    env = dict(os.environ)
    env.setdefault("KORA_SECRET_KEY", local["KORA_SECRET_KEY"])
    children = Children()
    stop = StopSignal().install()
    try:
        if own_couch:
            _, env["COUCHDB_URL"] = start_local_couch(children, ports.COUCHDB.value, var / "couchdb",
                                                      local["KORA_LOCAL_COUCH_ADMIN"], var / "log" / "couchdb.log",
                                                      stopping=stop.is_set)
            where = (f"local CouchDB-protocol server on http://{ports.HOST}:{ports.COUCHDB.value}/ "
                     f"(data in {var / 'couchdb'})")
        else:
            where = "CouchDB from COUCHDB_URL"
        _step("services.common.bootstrap", env, stop)
        _step("deploy.local_suite.seed", env, stop)
        started = []
        for name, port, factory in SERVICES:
            argv = service_argv(factory, port.value, ports.HOST)
            started.append((children.start(name, argv, env, var / "log" / f"{name}.log", ROOT), port.value))
        for child, port in started:
            wait_for_http(child, f"http://{ports.HOST}:{port}/health/live", timeout_seconds=180, stopping=stop.is_set)
        base = {name: f"http://{ports.HOST}:{port.value}" for name, port, _ in SERVICES}
        print(f"""
Kora is up ({where}). Logs are in {var / 'log'}.
  sync     API docs:           {base['sync']}/docs
  review   supervisors' pages: {base['review']}/
           API docs:           {base['review']}/docs
  notices  business portal:    {base['notices']}/
           API docs:           {base['notices']}/docs
Press Ctrl-C to stop everything.""", flush=True)
        while not stop.wait(0.5):
            dead = [c for c in children.started if not c.alive()]
            if dead:
                print(f"{dead[0].name} stopped unexpectedly:\n{dead[0].log_tail()}", file=sys.stderr)
                return 1
        print("\nStopping Kora…", flush=True)
        return 0
    except Interrupted:
        print("\nStopping Kora…", flush=True)
        return 0
    finally:
        # A second Ctrl-C or SIGTERM while stopping: no more waiting for graceful exits.
        children.stop_all(hurry=lambda: stop.count > 1)
        stop.ignore_from_now()  # a late repeat of the signal must not interrupt the exit


def test(pytest_args: list[str]) -> int:
    env = dict(os.environ)
    env.setdefault("KORA_SECRET_KEY", secrets.token_urlsafe(48))
    children = Children()
    with tempfile.TemporaryDirectory(prefix="kora-test-couch-") as data:
        try:
            if "COUCHDB_URL" not in env:
                port = ports.free_port()
                _, env["COUCHDB_URL"] = start_local_couch(children, port, Path(data) / "couchdb",
                                                          "admin:" + secrets.token_urlsafe(12),
                                                          Path(data) / "couchdb.log")
                print(f"make test: throwaway CouchDB-protocol server on port {port}", flush=True)
            return subprocess.run(
                [sys.executable, "-m", "pytest", *pytest_args], check=False, env=env, cwd=ROOT
            ).returncode
        finally:
            children.stop_all()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        return run() if argv[0] == "run" else test(argv[1:])
    except (ports.PortError, StartupFailed, RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"kora: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
