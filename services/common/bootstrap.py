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

from services.common.couch import Couch, Database
from services.common.errors import KoraError
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


def _ensure_database(db: Database, report: Report) -> None:
    status, _ = db.request("GET", allow=(404,), what=f"reading {db.name}")
    if status == 404:
        status, _ = db.request("PUT", allow=(412,), what=f"creating {db.name}")
        if status != 412:  # 412: created meanwhile by a concurrent bootstrap
            report.created.append(db.name)
    _, current = db.request("GET", "_security", what=f"reading {db.name}/_security")
    if current != SECURITY:
        db.request("PUT", "_security", body=SECURITY, what=f"setting {db.name}/_security")
        report.changed.append(f"{db.name}/_security")


def _ensure_design(db: Database, path: Path, report: Report) -> None:
    wanted = json.loads(path.read_text(encoding="utf-8"))
    ddoc_id = "_design/" + path.stem.removeprefix("design-")
    wanted["_id"] = ddoc_id
    existing = db.get(ddoc_id)
    if existing is not None:
        rev = existing.pop("_rev")
        if existing == wanted:
            return
        wanted["_rev"] = rev
    if db.put(wanted) is None:
        raise KoraError("conflict", f"{db.name}/{ddoc_id} changed while it was written; run the bootstrap again")
    report.changed.append(f"{db.name}/{ddoc_id}")


def _ensure_index(db: Database, path: Path, report: Report) -> None:
    index = json.loads(path.read_text(encoding="utf-8"))
    index.setdefault("name", path.stem.removeprefix("index-"))
    index.setdefault("ddoc", "idx-" + index["name"])
    _, answer = db.request("POST", "_index", body=index, what=f"creating index {db.name}/{index['name']}")
    if answer.get("result") == "created":
        report.created.append(f"{db.name}/_index/{index['name']}")


def bootstrap(couch: Couch) -> Report:
    report = Report()
    for short in database_names():
        db = couch.db(short)
        _ensure_database(db, report)
        for path in _files(short, "design"):
            _ensure_design(db, path, report)
        for path in _files(short, "index"):
            _ensure_index(db, path, report)
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
    except KoraError as exc:
        print(f"bootstrap: CouchDB at {settings.couchdb_url_redacted}: {exc.detail}", file=sys.stderr)
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
