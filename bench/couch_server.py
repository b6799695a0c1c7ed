"""The bench's handle on the CouchDB-protocol server: its address, admin credentials and the few
raw calls the baselines' receiver and the correctness checks need (httpx: attachments as bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import httpx

TIMEOUT_SECONDS = 60.0


class BenchError(Exception):
    """A contender did not deliver what it was given, or the server refused the setup."""


@dataclass(frozen=True)
class CouchServer:
    host: str
    port: int
    auth: tuple[str, str]

    @classmethod
    def from_url(cls, url: str) -> CouchServer:
        parts = urlsplit(url)
        return cls(
            parts.hostname or "127.0.0.1",
            parts.port or 5984,
            (parts.username or "", parts.password or ""),
        )

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, auth=self.auth, timeout=TIMEOUT_SECONDS)

    def create_db(self, name: str) -> None:
        with self.client() as http:
            response = http.put(f"/{name}")
        if response.status_code not in (201, 202, 412):
            raise BenchError(f"creating {name}: CouchDB answered {response.status_code}")

    def docs(self, db: str) -> dict[str, dict]:
        """Every document of ``db`` but design docs, by id, with attachment stubs."""
        with self.client() as http:
            response = http.get(f"/{db}/_all_docs", params={"include_docs": "true"})
        if response.status_code != 200:
            raise BenchError(f"reading {db}: CouchDB answered {response.status_code}")
        return {
            row["id"]: row["doc"]
            for row in response.json()["rows"]
            if not row["id"].startswith("_design/")
        }

    def attachment(self, db: str, doc_id: str, name: str) -> bytes:
        with self.client() as http:
            response = http.get(f"/{db}/{quote(doc_id, safe='')}/{quote(name, safe='')}")
        if response.status_code != 200:
            raise BenchError(f"{db}/{doc_id}/{name}: CouchDB answered {response.status_code}")
        return response.content
