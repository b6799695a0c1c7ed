"""`python -m services.common.serve MODULE:FACTORY --port N [--host H]`: one Kora service under uvicorn.

The one place that says how a service runs, for `make run`, the tests that start services as
processes, compose and Kubernetes: KORA_WORKERS worker processes (0, the default: one per CPU
core this process may use), uvloop and httptools when installed, no access log (each request is
already logged with its request id where it matters). With one worker uvicorn serves in this
process; with more, this process supervises them (services/common/workers.py: one SO_REUSEPORT
socket per worker, so that the kernel spreads connections evenly) and passes SIGTERM/SIGINT on.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys

import uvicorn

from services.common.client_address import proxy_options
from services.common.settings import SettingsError, load_settings
from services.common.workers import supervise


def cores() -> int:
    """CPU cores this process may run on (a container's cpuset, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def worker_count(configured: int) -> int:
    return configured if configured > 0 else cores()


def uvicorn_options(trusted_proxies: str = "") -> dict:
    """uvloop and httptools cut per-request CPU; uvicorn falls back to asyncio and h11 without them.
    X-Forwarded-For is believed only from ``trusted_proxies`` (services/common/client_address.py)."""
    options: dict = {"access_log": False, "timeout_graceful_shutdown": 10, **proxy_options(trusted_proxies)}
    if importlib.util.find_spec("uvloop") is not None:
        options["loop"] = "uvloop"
    if importlib.util.find_spec("httptools") is not None:
        options["http"] = "httptools"
    return options


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.common.serve", description=__doc__.splitlines()[0])
    parser.add_argument("factory", help="e.g. services.sync.app:create_app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    workers = worker_count(settings.kora_workers)
    options = uvicorn_options(settings.kora_trusted_proxies)
    print(f"kora serve: {args.factory} on {args.host}:{args.port} with {workers} worker process(es)",
          file=sys.stderr, flush=True)
    if workers == 1:
        uvicorn.run(args.factory, factory=True, host=args.host, port=args.port, **options)
        return 0
    return supervise(args.factory, args.host, args.port, workers, options)


if __name__ == "__main__":
    sys.exit(main())
