"""The three ways of getting a day to the server, behind one interface: serve, send, verify.

``serve()`` starts what the phone talks to and yields its port (the link proxy points there),
``send(base_url)`` sends the whole day through the link, ``verify()`` checks the database holds
exactly what was sent. Each contender gets databases of its own (``namespace``), so the three
send the very same documents, ids included, and each check sees only its own contender's data.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from bench.baselines import couch_replication, odk
from bench.baselines.odk_receiver import create_receiver
from bench.couch_server import BenchError, CouchServer
from bench.verify import check_kora, check_odk, check_replication
from bench.workload import Day
from mobile_app.kora_app.sync import SyncClient
from services.common.bootstrap import bootstrap
from services.common.couch import Couch
from services.common.settings import Settings
from services.sync.app import create_app
from tests.support.sync_data import running_service, seed, token_for

KORA = "kora"
ODK = "odk"
COUCH_REPLICATION = "couch_replication"
NAMES = (KORA, ODK, COUCH_REPLICATION)
ODK_CREDENTIALS = ("bench-inspector", "collect-password")
TIMEOUT_SECONDS = 1800.0


class Contender(Protocol):
    name: str

    def serve(self) -> AbstractContextManager[int]: ...

    def send(self, base_url: str) -> None: ...

    def verify(self) -> None: ...


class Kora:
    """The app's SyncClient against the real sync service (uvicorn), its own database prefix."""

    name = KORA

    def __init__(self, server: CouchServer, day: Day, namespace: str) -> None:
        self.server, self.day = server, day
        self.settings = Settings(
            couchdb_url=f"http://{server.auth[0]}:{server.auth[1]}@{server.host}:{server.port}",
            kora_db_prefix=f"bench_{namespace}_",
            kora_secret_key=secrets.token_urlsafe(40),
        )

    @contextmanager
    def serve(self) -> Iterator[int]:
        couch = Couch(self.settings)
        try:
            bootstrap(couch)
            seed(couch, "catalog", [self.day.template])
            seed(couch, "venues", self.day.venues)
        finally:
            couch.close()
        with running_service(create_app(self.settings)) as url:
            yield int(url.rsplit(":", 1)[1])

    def send(self, base_url: str) -> None:
        inspector = self.day.inspections[0].doc["inspector"]
        token = token_for(self.settings, inspector, codes=(self.day.venues[0]["county_code"],))
        with SyncClient(base_url, token, timeout=TIMEOUT_SECONDS) as client:
            result = client.sync(self.day.docs, self.day.photos, None)
        if sorted(result.complete) != sorted(d["_id"] for d in self.day.docs):
            raise BenchError(
                f"kora: not everything arrived: {result.pushed[:2]} {result.photos[:2]}"
            )

    def verify(self) -> None:
        check_kora(self.server, self.settings.db_name("inspections"), self.day)


class Odk:
    """ODK Collect's submissions to the minimal OpenRosa receiver (uvicorn), its own database."""

    name = ODK

    def __init__(
        self,
        server: CouchServer,
        day: Day,
        namespace: str,
        accept_content_length: int = odk.DEFAULT_ACCEPT_CONTENT_LENGTH,
    ) -> None:
        self.server, self.day = server, day
        self.db = f"bench_{namespace}_submissions"
        self.accept_content_length = accept_content_length

    @contextmanager
    def serve(self) -> Iterator[int]:
        self.server.create_db(self.db)
        app = create_receiver(self.server, self.db, ODK_CREDENTIALS, self.accept_content_length)
        with running_service(app) as url:
            yield int(url.rsplit(":", 1)[1])

    def send(self, base_url: str) -> None:
        odk.send_day(base_url, self.day, ODK_CREDENTIALS, timeout=TIMEOUT_SECONDS)

    def verify(self) -> None:
        check_odk(self.server, self.db, self.day)


class CouchReplication:
    """Push replication straight to the CouchDB-protocol server, into a database of its own."""

    name = COUCH_REPLICATION

    def __init__(
        self,
        server: CouchServer,
        day: Day,
        namespace: str,
        attachments: str = couch_replication.ATTACHMENTS_MULTIPART,
    ) -> None:
        self.server, self.day = server, day
        self.db = f"bench_{namespace}_inspections"
        self.attachments = attachments

    @contextmanager
    def serve(self) -> Iterator[int]:
        self.server.create_db(self.db)
        yield self.server.port

    def send(self, base_url: str) -> None:
        couch_replication.push(
            base_url,
            self.db,
            self.day,
            self.server.auth,
            attachments=self.attachments,
            timeout=TIMEOUT_SECONDS,
        )

    def verify(self) -> None:
        check_replication(self.server, self.db, self.day)


def make(name: str, server: CouchServer, day: Day, namespace: str) -> Contender:
    classes = {KORA: Kora, ODK: Odk, COUCH_REPLICATION: CouchReplication}
    if name not in classes:
        raise ValueError(f"unknown contender {name!r}; choose from {', '.join(NAMES)}")
    return classes[name](server, day, namespace)
