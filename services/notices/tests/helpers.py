"""A small world for notice tests: a published template, a venue, a supervisor, an approved
inspection with failures, and notice requests written the way the review pages write them."""

from __future__ import annotations

import re
import subprocess
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from services.common.couch import Couch
from services.inspections import store as inspections
from services.users import service as users
from tests.support.sync_data import make_inspection, make_venue, seed
from tests.support.templates import make_template

SUPERVISOR = "zhuoma"
PASSWORD = "Lhasa-2026-pw"
COUNTY = "540102"
VENUE = "demo-bank-01"
FAILED = ["item-01", "item-02"]


def world(couch: Couch, status: str = "approved") -> dict[str, Any]:
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue(VENUE, COUNTY)])
    users.create_user(couch, {"name": SUPERVISOR, "password": PASSWORD, "role": "supervisor",
                              "display_name": "卓玛", "jurisdiction": {"level": "prefecture", "codes": ["540100"]}})
    users.create_user(couch, {"name": "nyima", "password": PASSWORD, "role": "supervisor",
                              "jurisdiction": {"level": "prefecture", "codes": ["540200"]}})
    users.create_user(couch, {"name": "dawa", "password": PASSWORD, "role": "inspector",
                              "display_name": "达瓦", "jurisdiction": {"level": "county", "codes": [COUNTY]}})
    return {"template": template, "inspection": approved_inspection(couch, template, status)}


def approved_inspection(couch: Couch, template: dict[str, Any], status: str = "approved") -> dict[str, Any]:
    doc = make_inspection(VENUE, COUNTY, "dawa", template)
    doc["answers"]["item-01"] = {"value": "no", "note": "柜台张贴“不收现金”告示。<b>"}
    doc["answers"]["item-02"] = {"value": "no"}
    doc["status"] = status
    [result] = inspections.write_many(couch, [doc])
    assert result.get("rev"), result
    return {**doc, "_rev": result["rev"]}


def put_request(couch: Couch, inspection: dict[str, Any], item_ids: list[str] | None = None,
                requested_by: str = SUPERVISOR, **extra: Any) -> dict[str, Any]:
    """A notice request as services/notices/requests.py (review branch) writes it."""
    doc = {"_id": f"notice_request:{uuid.uuid4()}", "type": "notice_request",
           "inspection_id": inspection["_id"], "venue_id": inspection["venue_id"],
           "county_code": inspection["county_code"], "item_ids": list(FAILED if item_ids is None else item_ids),
           "requested_by": requested_by,
           "requested_at": datetime.now(UTC).isoformat(timespec="seconds"), "status": "pending", **extra}
    stored = couch.db("notices").put(doc)
    assert stored is not None
    return stored


# pdftotext drops a dash where the printed code wraps to the next line.
CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(?:-?[0-9A-HJKMNP-TV-Z]{4}){3}")


def pdf_text(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notice.pdf"
        path.write_bytes(pdf)
        return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout


def code_from_pdf(pdf: bytes) -> str:
    """The access code as the business reads it off its PDF."""
    return CODE.search("".join(pdf_text(pdf).split())).group(0).replace("-", "")


def issue_one(couch: Couch, worker: Any, inspection: dict[str, Any], item_ids: list[str] | None = None,
              **extra: Any) -> tuple[dict[str, Any], str]:
    """Request a notice, let the worker issue it; the notice and its access code."""
    request = put_request(couch, inspection, item_ids, **extra)
    worker.run_once()
    done = couch.db("notices").get(request["_id"])
    assert done["status"] == "issued", done
    notice = couch.db("notices").get(done["notice_id"])
    return notice, code_from_pdf(couch.db("notices").get_attachment(notice["_id"], "notice.pdf"))
