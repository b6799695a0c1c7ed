"""Whether a notice request can become a notice, and what it needs to: one check for both paths.

The worker marks a request it refuses ``refused`` with the reason; an API that takes requests (the
review pages' ``request_notice``) can call :func:`check_request` first and answer the same reason
as ``notice_request_refused`` (422).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from schemas.rules import template as template_model
from schemas.rules.answers import is_finding
from schemas.rules.jurisdiction import Jurisdiction
from services.catalog.service import get_versions
from services.common.couch import Couch
from services.common.errors import KoraError
from services.inspections import statuses
from services.inspections import store as inspections
from services.notices import store
from services.users.service import get_user

ISSUING_ROLES = ("supervisor", "administrator")
NOTICEABLE = (statuses.APPROVED, statuses.CORRECTED)


@dataclass(frozen=True)
class Checked:
    request: dict[str, Any]
    inspection: dict[str, Any]
    template: dict[str, Any]
    items: dict[str, dict[str, Any]]  # the template's items by id
    requester: dict[str, Any]
    corrects: dict[str, Any] | None  # the notice a correction replaces


def refuse(reason: str) -> KoraError:
    return KoraError("notice_request_refused", reason)


def _item_ids(request: dict[str, Any]) -> list[str]:
    ids = request.get("item_ids")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i for i in ids):
        raise refuse("the request names no failed items (item_ids)")
    if len(set(ids)) != len(ids):
        raise refuse("the request names an item twice")
    return ids


def _requester(couch: Couch, request: dict[str, Any], county_code: str) -> dict[str, Any]:
    try:
        user = get_user(couch, request.get("requested_by"))
    except KoraError as exc:
        if exc.code != "not_found":
            raise
        raise refuse(f"the requester {request.get('requested_by')!r} is not a Kora user") from None
    if not user.get("active") or user.get("role") not in ISSUING_ROLES:
        raise refuse(f"{user['name']} may not issue notices (an active supervisor or administrator may)")
    if not Jurisdiction.from_dict(user["jurisdiction"]).covers(county_code):
        raise refuse(f"county {county_code} is outside the jurisdiction of {user['name']}")
    return user


def _corrected_notice(couch: Couch, request: dict[str, Any], inspection_id: str) -> dict[str, Any] | None:
    corrects = request.get("corrects")
    if corrects is None:
        return None
    old = store.get(couch, corrects) if isinstance(corrects, str) and corrects.startswith("notice:") else None
    if old is None or old.get("type") != "notice":
        raise refuse(f"there is no notice {corrects!r} to correct")
    if old.get("inspection_id") != inspection_id:
        raise refuse(f"notice {old['number']} was not issued for inspection {inspection_id}")
    newer = store.get(couch, old["superseded_by"]) if old.get("superseded_by") else None
    if newer is not None and newer.get("request_id") != request["_id"]:
        raise refuse(f"notice {old['number']} was corrected already by {newer['number']}; correct that one")
    return old


def _no_other_notice(couch: Couch, request: dict[str, Any], inspection_id: str) -> None:
    for notice in store.notices_of_inspection(couch, inspection_id):
        if notice.get("request_id") != request["_id"] and notice.get("status") != "superseded":
            raise refuse(f"inspection {inspection_id} has notice {notice['number']} already; "
                         "ask for a correction of it instead")


def _requested_at(request: dict[str, Any]) -> None:
    # The number's year comes from it, so a retry in another year keeps the number it took.
    try:
        datetime.fromisoformat(request.get("requested_at"))
    except (TypeError, ValueError):
        raise refuse("the request has no requested_at timestamp") from None


def check_request(couch: Couch, request: dict[str, Any]) -> Checked:
    """Everything a notice is made from; ``notice_request_refused`` with the reason otherwise."""
    item_ids = _item_ids(request)
    _requested_at(request)
    inspection_id = request.get("inspection_id")
    inspection = inspections.get(couch, inspection_id) if isinstance(inspection_id, str) and inspection_id else None
    if inspection is None or inspection.get("type") != "inspection":
        raise refuse(f"there is no inspection {inspection_id!r}")
    if inspection.get("status") not in NOTICEABLE:
        raise refuse(f"inspection {inspection_id} is {inspection.get('status')}, not approved")
    for field in ("venue_id", "county_code"):
        if request.get(field) not in (None, inspection[field]):
            raise refuse(f"the request's {field} {request[field]!r} is not the inspection's ({inspection[field]})")
    requester = _requester(couch, request, inspection["county_code"])
    key = (inspection["template"]["id"], inspection["template"]["version"])
    template = get_versions(couch, [key]).get(key)
    if template is None:
        raise refuse(f"the catalog has no template {key[0]} version {key[1]}")
    items = template_model.items_by_id(template)
    not_failures = [i for i in item_ids if i not in items or i not in inspection["answers"]
                    or not is_finding(items[i], inspection["answers"][i].get("value"))]
    if not_failures:
        raise refuse(f"not failures of inspection {inspection_id}: {', '.join(not_failures)}")
    corrects = _corrected_notice(couch, request, inspection_id)
    if corrects is None:
        _no_other_notice(couch, request, inspection_id)
    return Checked(request, inspection, template, items, requester, corrects)
