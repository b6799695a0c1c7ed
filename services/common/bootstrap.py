"""Install Kora's databases, security objects, Mango indexes and design documents, idempotently.

Everything comes from files under ``services/common/couchdb/``:

    databases.json                 {short name: {"description": ...}}
    <short>/index-<name>.json      a Mango index definition (the body of POST /{db}/_index)
    <short>/design-<name>.json     a design document; its _id is _design/<name>

Run it with ``python -m services.common.bootstrap``. A second run changes nothing.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from services.common.couch import Couch
from services.common.settings import SettingsError, load_settings

log = logging.getLogger("kora.bootstrap")

COUCHDB_DIR = Path(__file__).parent / "couchdb"

# Only server admins (the services) read or write Kora's databases: users reach data through the
# services, which check role and jurisdiction. CouchDB 3 makes new databases admin-only already;
# the object is set explicitly so that no server that defaults to open access leaks anything.
SECURITY = {"admins": {"names": [], "roles": ["_admin"]}, "members": {"names": [], "roles": ["_admin"]}}


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.changed)


def database_names() -> list[str]:
    return sorted(json.loads((COUCHDB_DIR / "databases.json").read_text(encoding="utf-8")))


def _files(short: str, kind: str) -> list[Path]:
    folder = COUCHDB_DIR / short
    return sorted(folder.glob(f"{kind}-*.json")) if folder.is_dir() else []


def _check(response: httpx.Response, what: str) -> None:
    if response.status_code >= 400:
        raise RuntimeError(f"{what}: CouchDB answered {response.status_code} {response.text.strip()}")


def _ensure_database(http: httpx.Client, db: str, report: Report) -> None:
    if http.head(f"/{db}").status_code == 404:
        response = http.put(f"/{db}")
        if response.status_code != 412:  # 412: created meanwhile by a concurrent bootstrap
            _check(response, f"creating {db}")
            report.created.append(db)
    current = http.get(f"/{db}/_security")
    _check(current, f"reading {db}/_security")
    if current.json() != SECURITY:
        _check(http.put(f"/{db}/_security", json=SECURITY), f"setting {db}/_security")
        report.changed.append(f"{db}/_security")


def _ensure_design(http: httpx.Client, db: str, path: Path, report: Report) -> None:
    wanted = json.loads(path.read_text(encoding="utf-8"))
    ddoc_id = "_design/" + path.stem.removeprefix("design-")
    wanted["_id"] = ddoc_id
    current = http.get(f"/{db}/{ddoc_id}")
    if current.status_code == 200:
        existing = current.json()
        rev = existing.pop("_rev")
        if existing == wanted:
            return
        wanted["_rev"] = rev
    elif current.status_code != 404:
        _check(current, f"reading {db}/{ddoc_id}")
    _check(http.put(f"/{db}/{ddoc_id}", json=wanted), f"writing {db}/{ddoc_id}")
    report.changed.append(f"{db}/{ddoc_id}")


def _ensure_index(http: httpx.Client, db: str, path: Path, report: Report) -> None:
    index = json.loads(path.read_text(encoding="utf-8"))
    index.setdefault("name", path.stem.removeprefix("index-"))
    index.setdefault("ddoc", "idx-" + index["name"])
    response = http.post(f"/{db}/_index", json=index)
    _check(response, f"creating index {db}/{index['name']}")
    if response.json().get("result") == "created":
        report.created.append(f"{db}/_index/{index['name']}")


def bootstrap(couch: Couch) -> Report:
    report = Report()
    http = couch.http
    for short in database_names():
        db = couch.name(short)
        _ensure_database(http, db, report)
        for path in _files(short, "design"):
            _ensure_design(http, db, path, report)
        for path in _files(short, "index"):
            _ensure_index(http, db, path, report)
    return report


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    couch = Couch(settings)
    try:
        report = bootstrap(couch)
    except httpx.TransportError as exc:
        print(f"bootstrap: cannot reach CouchDB at {settings.couchdb_url_redacted}: {exc}", file=sys.stderr)
        return 1
    finally:
        couch.close()
    if report.changed_anything:
        for item in report.created:
            print(f"bootstrap: created {item}")
        for item in report.changed:
            print(f"bootstrap: updated {item}")
    else:
        print("bootstrap: databases, security, indexes and design documents already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
