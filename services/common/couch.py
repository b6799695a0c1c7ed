"""CouchDB access: pycouchdb for documents, httpx where pycouchdb falls short (streams, raw bodies).

Only the HTTP API that Apache CouchDB 3 documents is used. ``_changes`` sequences are opaque strings.
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlsplit

import httpx
import pycouchdb
import requests

from services.common.errors import KoraError
from services.common.settings import Settings

TIMEOUT_SECONDS = 30.0


class Couch:
    """One CouchDB server, with Kora's database names (prefixed by KORA_DB_PREFIX)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.server = pycouchdb.Server(settings.couchdb_url, timeout=TIMEOUT_SECONDS)
        parts = urlsplit(settings.couchdb_url)
        self.base_url = f"{parts.scheme}://{parts.hostname}:{parts.port or 5984}"
        self.auth = (parts.username or "", parts.password or "")
        self._databases: dict[str, pycouchdb.client.Database] = {}

    def name(self, short: str) -> str:
        return self.settings.db_name(short)

    def db(self, short: str) -> pycouchdb.client.Database:
        if short not in self._databases:
            self._databases[short] = self.server.database(self.name(short))
        return self._databases[short]

    @cached_property
    def http(self) -> httpx.Client:
        """A raw HTTP client on the server root, for what pycouchdb does not cover."""
        return httpx.Client(base_url=self.base_url, auth=self.auth, timeout=TIMEOUT_SECONDS)

    def is_reachable(self) -> bool:
        try:
            return self.http.get("/_up").status_code == 200 or self.http.get("/").status_code == 200
        except httpx.HTTPError:
            return False

    def close(self) -> None:
        if "http" in self.__dict__:
            self.http.close()


def unavailable(exc: Exception) -> KoraError:
    return KoraError("database_unavailable", f"CouchDB did not answer: {type(exc).__name__}")


COUCH_DOWN_ERRORS = (requests.ConnectionError, requests.Timeout, httpx.TransportError)
