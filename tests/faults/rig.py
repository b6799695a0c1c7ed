"""The fault rig: the real sync service as a uvicorn subprocess, its own CouchDB-protocol server, and
two link proxies (bench/link.py with tests/support/link_faults.py) through which every byte passes.

    phone (SyncClient) --phone_link--> sync service (uvicorn process) --couch_link--> own CouchDB

``phone_link`` carries the faults a phone meets (seeded cuts at any byte, drops after the server
acted, delays). ``couch_link`` is a clean wire whose byte triggers let a test kill the service or
stop the database at an exact point of the service's conversation with CouchDB (say, once the
``_bulk_docs`` of a push batch has reached it). ``heal()`` starts again whatever was stopped, on the
same port (and, for CouchDB, the same data directory).

Every process is started from the test's main thread: the suite's children get PR_SET_PDEATHSIG,
which fires when the *thread* that started them ends.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.link import LinkProfile
from deploy.local_suite.couch_server import ROOT, start_local_couch
from deploy.local_suite.ports import HOST, free_port
from deploy.local_suite.processes import Child, Children, service_argv, wait_for_http
from mobile_app.kora_app.sync import SyncClient
from services.common.bootstrap import bootstrap
from services.common.couch import Couch
from services.common.settings import Settings
from tests.support.link_faults import FaultyLinkProxy

SECRET = "fault-rig-secret-key-that-is-long-enough-0123456789"
WIRE = LinkProfile("wire", 1e12, 1e12, 0.0)  # the service's own network: no delay, no faults
# Photo bytes per request: a photo batch carries one or two photos (11-16 kB) and splits one, an
# old phone's PUT carries a whole photo; cuts land between and inside photos.
CHUNK = 16 * 1024


class OwnCouch:
    """A throwaway local CouchDB-protocol server on a free port; stopping it spares the shared one."""

    def __init__(self, root: Path) -> None:
        self.children = Children()
        self.port = free_port()
        self.data_dir = root / "couchdb"
        self.log_path = root / "couchdb.log"
        self.admin = "admin:" + secrets.token_urlsafe(12)
        self.child: Child | None = None
        self.url = ""
        self.restarts = 0

    def start(self) -> None:
        if self.child is not None:
            self.restarts += 1
        self.child, self.url = start_local_couch(
            self.children, self.port, self.data_dir, self.admin, self.log_path
        )

    def kill(self) -> None:
        """SIGKILL: a crash, not a tidy stop (any thread may call this)."""
        if self.child is not None and self.child.alive():
            os.kill(self.child.process.pid, signal.SIGKILL)

    def running(self) -> bool:
        return self.child is not None and self.child.alive()

    def close(self) -> None:
        self.children.stop_all()


class SyncService:
    """``python -m services.common.serve services.sync.app:create_app`` (uvicorn, two workers) on a
    fixed port, restartable there."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.env = env
        self.log_path = log_path
        self.children = Children()
        self.child: Child | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        argv = service_argv("services.sync.app:create_app", self.port, HOST)
        self.child = self.children.start("sync", argv, self.env, self.log_path, ROOT)
        self.starts += 1
        wait_for_http(self.child, f"{self.url}/health/live", timeout_seconds=30)

    def kill(self) -> None:
        """SIGKILL to the whole process group: uvicorn's supervisor and its workers."""
        if self.child is not None and self.child.alive():
            os.killpg(self.child.process.pid, signal.SIGKILL)

    def alive(self) -> bool:
        return self.child is not None and self.child.alive()

    def close(self) -> None:
        self.children.stop_all()


@dataclass
class Exchange:
    """One HTTP attempt of the client, as the phone saw it (status None: the link failed)."""

    method: str
    path: str
    offset: int | None
    sent: int
    status: int | None = None
    media_type: str = ""
    code: str | None = None
    received: int | None = None
    parts: list[tuple[str, int, int]] = field(default_factory=list)  # a photo batch: (sha256, offset, length)
    results: dict[str, dict] = field(default_factory=dict)  # batch or status answer, per sha256


@dataclass
class RequestLog:
    """Every attempt the client made, filled by httpx event hooks (the client code is untouched)."""

    entries: list[Exchange] = field(default_factory=list)
    _open: dict[int, Exchange] = field(default_factory=dict)

    def on_request(self, request: httpx.Request) -> None:
        offset = request.url.params.get("offset")
        entry = Exchange(
            request.method,
            request.url.path,
            int(offset) if offset else None,
            len(request.content or b""),
        )
        if request.url.path == "/sync/photos" and request.content:
            head = request.content.split(b"\n", 1)[0]
            try:
                entry.parts = [(p["sha256"], p["offset"], p["length"]) for p in json.loads(head)["parts"]]
            except (ValueError, KeyError, TypeError):
                pass
        self.entries.append(entry)
        self._open[id(request)] = entry

    def on_response(self, response: httpx.Response) -> None:
        entry = self._open.pop(id(response.request), None)
        if entry is None:
            return
        if entry.path.startswith("/sync/photos") or response.status_code >= 400:
            response.read()  # small bodies: photo statuses or a problem (a cut here fails the attempt)
            body = _json_or_empty(response)
            entry.code = body.get("code")
            if isinstance(body.get("received"), int):
                entry.received = body["received"]
            for result in body.get("parts", []) if isinstance(body.get("parts"), list) else []:
                index = result.get("index") if isinstance(result, dict) else None
                if isinstance(index, int) and 0 <= index < len(entry.parts):
                    entry.results[entry.parts[index][0]] = result
            for result in body.get("photos", []) if isinstance(body.get("photos"), list) else []:
                if isinstance(result, dict) and isinstance(result.get("sha256"), str):
                    entry.results[result["sha256"]] = result
        entry.status = response.status_code
        entry.media_type = response.headers.get("content-type", "").split(";")[0]

    def statuses(self) -> list[int | None]:
        return [e.status for e in self.entries]


def _json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


class Rig:
    """One scenario's world: fresh databases (own prefix) on the shared own CouchDB, a service, links."""

    def __init__(
        self,
        couch: OwnCouch,
        root: Path,
        seed: int,
        phone_profile: LinkProfile,
        cut_rate: float | tuple[float, float] = 0.0,
        drop_rate: float = 0.0,
    ) -> None:
        self.own_couch = couch
        self.seed = seed
        if not couch.running():
            couch.start()
        self.settings = Settings(
            couchdb_url=couch.url,
            kora_db_prefix=f"f{uuid.uuid4().hex[:10]}_",
            kora_secret_key=SECRET,
        )
        self.admin = Couch(self.settings)  # straight to CouchDB: seeding and the final checks
        bootstrap(self.admin)
        self.couch_link = FaultyLinkProxy(HOST, couch.port, WIRE, seed)
        self.couch_link.start()
        env = dict(
            os.environ,
            COUCHDB_URL=f"http://{couch.admin}@{HOST}:{self.couch_link.port}",
            KORA_DB_PREFIX=self.settings.kora_db_prefix,
            KORA_SECRET_KEY=SECRET,
            KORA_LOG_LEVEL="WARNING",
            KORA_WORKERS="2",  # as deployed: several worker processes behind one port
        )
        self.service = SyncService(env, root / f"sync-{seed}.log")
        self.service.start()
        self.phone_link = FaultyLinkProxy(
            HOST, self.service.port, phone_profile, seed, cut_rate, drop_rate
        )
        self.phone_link.start()
        self.log = RequestLog()

    def client(self, token: str, **kwargs: Any) -> SyncClient:
        """The app's client through the phone link; short back-off (really slept: the service or
        the database may be starting again meanwhile), every attempt logged."""
        options: dict[str, Any] = {
            "chunk_size": CHUNK,
            "retries": 4,
            "backoff_seconds": 0.02,
            "timeout": 10.0,
        }
        options.update(kwargs)
        client = SyncClient(f"http://{HOST}:{self.phone_link.port}", token, **options)
        client.http.event_hooks = {
            "request": [self.log.on_request],
            "response": [self.log.on_response],
        }
        return client

    def heal(self) -> list[str]:
        """Start again what was stopped: CouchDB on its data directory and port, the service on its port."""
        healed = []
        if not self.own_couch.running():
            self.own_couch.start()
            healed.append("couchdb")
        if not self.service.alive():
            self.service.start()
            healed.append("service")
        return healed

    def when_couch_gets(self, marker: bytes, then_bytes: int, action: Callable[[], None]) -> None:
        """``action()`` once CouchDB has received ``then_bytes`` bytes past the next ``marker``."""
        self.couch_link.when_seen("up", marker, action, then_bytes)

    def when_service_gets(self, marker: bytes, then_bytes: int, action: Callable[[], None]) -> None:
        """``action()`` once the service has received ``then_bytes`` bytes past the next ``marker``."""
        self.phone_link.when_seen("up", marker, action, then_bytes)

    def close(self) -> None:
        self.phone_link.stop()
        self.service.close()
        self.couch_link.stop()
        try:
            for name in self.admin.http.get("/_all_dbs").json():
                if name.startswith(self.settings.kora_db_prefix):
                    self.admin.http.delete(f"/{name}")
        finally:
            self.admin.close()
