"""The local CouchDB-protocol server (deploy/local-couchdb), or an existing CouchDB from COUCHDB_URL."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from deploy.local_suite.ports import HOST
from deploy.local_suite.processes import Child, Children, wait_for_http

ROOT = Path(__file__).resolve().parents[2]
SERVER_DIR = ROOT / "deploy" / "local-couchdb"


def start_local_couch(children: Children, port: int, data_dir: Path, admin: str, log_path: Path,
                      stopping: Callable[[], bool] = lambda: False) -> tuple[Child, str]:
    """Start the local server; return it and its COUCHDB_URL (with the admin credentials)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH; the local CouchDB-protocol server needs Node 20")
    env = dict(os.environ, KORA_COUCH_HOST=HOST, KORA_COUCH_PORT=str(port),
               KORA_COUCH_DIR=str(data_dir), KORA_COUCH_ADMIN=admin)
    child = children.start("local CouchDB", [node, str(SERVER_DIR / "server.js")], env, log_path, ROOT)
    wait_for_http(child, f"http://{HOST}:{port}/", timeout_seconds=30, stopping=stopping)
    return child, f"http://{admin}@{HOST}:{port}"


def is_local_server(couchdb_url: str) -> bool:
    """Whether ``couchdb_url`` is the local CouchDB-protocol server rather than Apache CouchDB 3:
    express-pouchdb greets with its own name, Apache CouchDB with ``"couchdb": "Welcome"``."""
    from urllib.parse import urlsplit

    import httpx

    parts = urlsplit(couchdb_url)
    welcome = httpx.get(f"{parts.scheme}://{parts.hostname}:{parts.port}/", timeout=30).json()
    return "express-pouchdb" in welcome or welcome.get("couchdb") != "Welcome"
