"""From a checked request to a stored notice with its PDF: exactly once per request.

The number comes from the request id (numbering.assign gives a request the same number every
time), the notice's id from the number, and the notice and its PDF are written in one request that
fails if the id exists. So a retry after any crash either finds the notice it wrote before or
writes it now; there is never a second notice, nor a number without one.

A correction (a request with ``corrects``) keeps the number of the first notice with a version
suffix (``5401-2026-0001-v2``), points to the notice it replaces, and marks that one superseded;
the old notice and its PDF stay as they were otherwise.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, time, timedelta, timezone
from typing import Any

from services.catalog.regions import regions
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.schemas import validate
from services.notices import codes, numbering, store
from services.notices.checks import Checked, refuse
from services.users.service import get_user
from services.venues import service as venues

TIBET = timezone(timedelta(hours=8))
DEFAULT_DAYS = {"critical": 7, "major": 30, "minor": 60}  # docs/catalog.md
ISSUER_ZH = "老年人传统服务保障工作领导小组办公室"
# Every prefecture's Tibetan name ends in ར or ལ (…གྲོང་ཁྱེར, …ས་ཁུལ), which take the genitive གྱི.
ISSUER_BO = "གྱི་རྒན་པའི་སྲོལ་རྒྱུན་ཞབས་ཞུ་འགན་ལེན་ལས་དོན་འགོ་ཁྲིད་ཚོ་ཆུང་གི་གཞུང་ལས་ཁང་།"
VERSION_SUFFIX = re.compile(r"-v(\d+)\Z")


def stamp(moment: datetime) -> str:
    return moment.astimezone(TIBET).isoformat(timespec="seconds")


def _issuer(county_code: str) -> dict[str, str]:
    prefecture = county_code[:4] + "00"
    name = next((r["name"] for r in regions() if r["code"] == prefecture), {"zh": "西藏自治区"})
    issuer = {"zh": name["zh"] + ISSUER_ZH}
    if name.get("bo"):
        issuer["bo"] = name["bo"].rstrip("།") + "་" + ISSUER_BO
    return issuer


def _venue(couch: Couch, venue_id: str) -> dict[str, Any]:
    venue = venues.get_many(couch, [venue_id]).get(venue_id) or {}
    out: dict[str, Any] = {"name": venue.get("name") or {"zh": venue_id}}
    for field, limit in (("address", 300), ("operator", 200)):
        if venue.get(field):
            out[field] = venue[field][:limit]
    return out


def _inspector(couch: Couch, name: str) -> str:
    try:
        return get_user(couch, name).get("display_name") or name
    except KoraError as exc:  # a deleted account still inspected: print the name it signed with
        if exc.code != "not_found":
            raise
        return name


def _deadline(issued: datetime, days: int) -> str:
    day = issued.astimezone(TIBET).date() + timedelta(days=days)
    return stamp(datetime.combine(day, time(23, 59, 59), TIBET))


def _findings(checked: Checked, issued: datetime) -> list[dict[str, Any]]:
    findings = []
    for item_id in checked.request["item_ids"]:
        item = checked.items[item_id]
        days = item.get("rectification_days") or DEFAULT_DAYS[item["severity"]]
        finding = {"item_id": item_id, "requirement": item["requirement"], "severity": item["severity"],
                   "rectification_days": days, "deadline": _deadline(issued, days),
                   "legal_basis": item["legal_basis"]}
        note = (checked.inspection["answers"][item_id].get("note") or "").strip()
        if note:
            finding["note"] = note[:2000]
        findings.append(finding)
    return findings


def _number(couch: Couch, checked: Checked) -> tuple[str, int]:
    old = checked.corrects
    if old is not None:
        base = VERSION_SUFFIX.sub("", old["number"])
        version = old.get("version", 1) + 1
        return f"{base}-v{version}", version
    year = datetime.fromisoformat(checked.request["requested_at"]).astimezone(TIBET).year
    prefecture = numbering.prefecture_of(checked.inspection["county_code"])
    return numbering.assign(couch, prefecture, year, checked.request["_id"]), 1


def build_notice(couch: Couch, checked: Checked, number: str, version: int, now: datetime) -> dict[str, Any]:
    inspection = checked.inspection
    findings = _findings(checked, now)
    notice = {
        "_id": store.notice_id(number), "type": "notice", "number": number, "version": version,
        "request_id": checked.request["_id"], "requested_by": checked.requester["name"],
        "venue_id": inspection["venue_id"], "county_code": inspection["county_code"],
        "inspection_id": inspection["_id"], "template": dict(inspection["template"]),
        "status": "issued", "issued_at": stamp(now), "deadline": max(f["deadline"] for f in findings),
        "issuer": _issuer(inspection["county_code"]), "venue": _venue(couch, inspection["venue_id"]),
        "inspection": {"date": datetime.fromisoformat(inspection["finished_at"]).astimezone(TIBET).date().isoformat(),
                       "inspectors": [_inspector(couch, inspection["inspector"])]},
        "findings": findings,
    }
    if checked.corrects is not None:
        notice["supersedes"] = checked.corrects["_id"]
    return notice


def issue(couch: Couch, checked: Checked, renderer: Any, now: datetime) -> dict[str, Any]:
    """The notice of ``checked.request``: the one stored before for it, or a new one."""
    number, version = _number(couch, checked)
    existing = store.by_number(couch, number)
    if existing is None:
        notice = build_notice(couch, checked, number, version, now)
        code = codes.new_code()
        pdf = renderer.render(notice, checked.items, access_code=code)
        notice["access_code_hash"] = codes.hash_code(code)
        notice["pdf_sha256"] = hashlib.sha256(pdf).hexdigest()
        validate("notice", notice)
        existing = store.create_notice(couch, notice, pdf) or store.by_number(couch, number)
    if existing is None or existing.get("request_id") != checked.request["_id"]:
        raise refuse(f"notice {number} was issued meanwhile for another request")
    if checked.corrects is not None:
        mark_superseded(couch, checked.corrects["_id"], existing["_id"])
    return existing


def mark_superseded(couch: Couch, old_id: str, new_id: str) -> None:
    while True:
        old = store.get(couch, old_id)
        if old is None or old.get("superseded_by") == new_id:
            return
        if store.put(couch, {**old, "status": "superseded", "superseded_by": new_id}) is not None:
            return
