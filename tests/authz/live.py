"""The three services as real uvicorn processes on the real CouchDB-protocol server, with one
account per role created through the users service and data for every operation to act on.

Used by the authorization matrix and the Schemathesis run. Every process is started from the
calling thread (the suite's children die with the thread that started them).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from deploy.local_suite.couch_server import ROOT
from deploy.local_suite.ports import HOST, free_port
from deploy.local_suite.processes import Children, wait_for_http
from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import issue_token
from services.common.bootstrap import bootstrap
from services.common.couch import Couch
from services.common.settings import Settings
from services.users import service as users
from tests.support.sync_data import make_inspection, make_photo, make_venue, seed, sha256_hex
from tests.support.templates import make_template

SECRET = "authz-matrix-secret-key-that-is-long-enough-0123456789"
PASSWORD = "correct-horse-42"
SERVICES = {"sync": "services.sync.app:create_app", "review": "services.review.app:create_app",
            "notices": "services.notices.app:create_app"}
# Role -> (account name, role, jurisdiction level, codes); "unknown" has a valid token but no account.
ROLES = {
    "administrator": ("authz.admin", "administrator", "region", ()),
    "region_supervisor": ("authz.region", "supervisor", "region", ()),
    "prefecture_supervisor": ("authz.lhasa", "supervisor", "prefecture", ("540100",)),
    "inspector_inside": ("authz.dawa", "inspector", "county", ("540102",)),
    "inspector_outside": ("authz.pema", "inspector", "county", ("542526",)),
    "unknown": ("authz.ghost", "inspector", "county", ("540102",)),
    "anonymous": None,
}
TARGET_USER = "authz.target"  # the account administrators act on
LOGIN_USER = "authz.login"  # the account every sign-in uses


@dataclass
class LiveSuite:
    urls: dict[str, str]
    settings: Settings
    couch: Couch
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # role -> Authorization header
    data: dict[str, object] = field(default_factory=dict)


def _seed(couch: Couch, settings: Settings) -> tuple[dict[str, dict[str, str]], dict[str, object]]:
    headers: dict[str, dict[str, str]] = {}
    for role, spec in ROLES.items():
        if spec is None:
            headers[role] = {}
            continue
        name, kind, level, codes = spec
        if role != "unknown":
            users.create_user(couch, {"name": name, "password": PASSWORD, "role": kind,
                                      "jurisdiction": {"level": level, "codes": list(codes)}})
        token, _ = issue_token(settings, name, kind, Jurisdiction(level, codes))
        headers[role] = {"authorization": f"Bearer {token}"}
    for name in (TARGET_USER, LOGIN_USER):
        users.create_user(couch, {"name": name, "password": PASSWORD, "role": "inspector",
                                  "jurisdiction": {"level": "county", "codes": ["540102"]}})
    template = make_template()
    draft = make_template(template_id="authz-draft", status="draft")
    seed(couch, "catalog", [template, draft])
    seed(couch, "venues", [make_venue("v1", "540102")])
    photo = make_photo(seed=7, size=(64, 48))
    inspection = make_inspection("v1", "540102", ROLES["inspector_inside"][0], template, photos=[sha256_hex(photo)])
    seed(couch, "inspections", [inspection])
    return headers, {"template": template, "draft": draft, "inspection": inspection, "photo": photo,
                     "sha256": sha256_hex(photo)}


@contextmanager
def live_services(couchdb_url: str, log_dir: Path) -> Iterator[LiveSuite]:
    prefix = f"a{uuid.uuid4().hex[:10]}_"
    settings = Settings(couchdb_url=couchdb_url, kora_db_prefix=prefix, kora_secret_key=SECRET)
    couch = Couch(settings)
    bootstrap(couch)
    children = Children()
    try:
        headers, data = _seed(couch, settings)
        env = {**_base_env(), "COUCHDB_URL": couchdb_url, "KORA_DB_PREFIX": prefix, "KORA_SECRET_KEY": SECRET,
               "KORA_LOG_LEVEL": "WARNING"}
        urls = {}
        for name, factory in SERVICES.items():
            port = free_port()
            argv = [sys.executable, "-m", "uvicorn", "--factory", factory, "--host", HOST, "--port", str(port),
                    "--no-access-log"]
            child = children.start(name, argv, env, log_dir / f"{name}.log", ROOT)
            urls[name] = f"http://{HOST}:{port}"
            wait_for_http(child, f"{urls[name]}/health/live", timeout_seconds=60)
        yield LiveSuite(urls, settings, couch, headers, data)
    finally:
        children.stop_all()
        for db in couch.http.get("/_all_dbs").json():
            if db.startswith(prefix):
                couch.http.delete(f"/{db}")
        couch.close()


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("KORA_")}
