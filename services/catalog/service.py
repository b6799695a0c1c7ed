"""Template versions: list, read, create and replace drafts, publish. Published ones never change.

Rules:
- one document per version, ``template:<id>@<version>``; a new version is always a draft;
- a draft may be replaced (with its current ``_rev``) until it is published;
- publishing stamps ``status: published`` and ``published_at``; after that every change is
  refused with ``template_published`` (409);
- every legal_basis must quote a clause of the policy texts (services/catalog/policy.py);
- version numbers only go up: a new draft must be above every stored version of its template,
  and a draft cannot be published below (or at) the highest published version.
"""

from __future__ import annotations

from typing import Any

from schemas.rules import template as template_model
from schemas.rules.answers import spec_errors
from schemas.rules.timestamps import utc_stamp
from services.catalog import policy
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.schemas import schema_errors

DB = "catalog"  # templates and regions


def now() -> str:
    return utc_stamp()


def list_versions(couch: Couch, template_id: str | None = None) -> list[dict[str, Any]]:
    """Every stored version (drafts too), ordered by template id then version number."""
    if template_id is None:
        start, end = template_model.ID_PREFIX, template_model.ID_PREFIX + "\ufff0"
    elif template_model.TEMPLATE_ID.fullmatch(template_id):
        start = template_model.doc_id(template_id, 0)[:-1]
        end = start + "\ufff0"
    else:
        return []
    docs = [d for d in couch.db(DB).id_range(start, end) if template_model.parse_doc_id(d["_id"])]
    return sorted(docs, key=lambda d: template_model.parse_doc_id(d["_id"]))


def get_version(couch: Couch, template_id: str, version: int) -> dict[str, Any]:
    doc = None
    if template_model.TEMPLATE_ID.fullmatch(template_id) and template_model.is_version_number(version):
        doc = couch.db(DB).get(template_model.doc_id(template_id, version))
    if doc is None:
        raise KoraError(
            "template_not_found",
            f"no version {version} of template {template_id!r}",
            template_id=template_id,
            version=version,
        )
    return doc


def get_versions(
    couch: Couch, keys: list[tuple[str, int]]
) -> dict[tuple[str, int], dict[str, Any] | None]:
    """Each distinct (template_id, version) of ``keys``, read in one request: the stored version,
    or None where the catalog has no such version (an id that cannot exist is not looked up)."""
    wanted = {
        key: template_model.doc_id(*key)
        for key in dict.fromkeys(keys)
        if isinstance(key[0], str)
        and template_model.TEMPLATE_ID.fullmatch(key[0])
        and template_model.is_version_number(key[1])
    }
    found = {k: v for k, v in couch.db(DB).all_docs(wanted.values()).items() if v}
    return {key: found.get(wanted[key]) if key in wanted else None for key in dict.fromkeys(keys)}


def current_templates(couch: Couch, template_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """The highest published version of each template (or of the given ones), without ``_rev``."""
    best: dict[str, dict[str, Any]] = {}
    if template_ids is None:
        docs = list_versions(couch)
    else:
        docs = [d for tid in sorted(set(template_ids)) for d in list_versions(couch, tid)]
    for doc in docs:
        if doc.get("status") == template_model.PUBLISHED:
            held = best.get(doc["template_id"])
            if held is None or doc["version"] > held["version"]:
                best[doc["template_id"]] = doc
    return [template_model.public(best[k]) for k in sorted(best)]


def _refuse(errors: list[dict[str, str]]) -> None:
    if errors:
        detail = "; ".join(f"{e['path']}: {e['reason']}" for e in errors[:5])
        raise KoraError(
            "invalid_document", f"checklist_template: {detail}", schema=template_model.SCHEMA, errors=errors
        )


def content_errors(doc: dict[str, Any]) -> list[dict[str, str]]:
    """Schema violations, then (for a well-formed document) answer specs that cannot work and
    citations the policy texts lack."""
    return schema_errors(template_model.SCHEMA, doc) or (spec_errors(doc) + policy.citation_errors(doc))


def _as_object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise KoraError("invalid_request", "the body must be a JSON object (a checklist template)")
    return dict(body)


def _draft_rules(doc: dict[str, Any]) -> list[dict[str, str]]:
    errors = []
    if doc.get("status") != template_model.DRAFT:
        errors.append(
            {
                "path": "/status",
                "reason": "a version is written as a draft; publish it with POST .../publish",
            }
        )
    if "published_at" in doc:
        errors.append({"path": "/published_at", "reason": "only publishing sets published_at"})
    tid, version = doc.get("template_id"), doc.get("version")
    expected_id = template_model.doc_id(tid, version) if isinstance(tid, str) else None
    if expected_id and template_model.is_version_number(version) and doc.get("_id") != expected_id:
        errors.append(
            {"path": "/_id", "reason": f"must be {expected_id!r} (template_id and version)"}
        )
    return errors


def highest_version(couch: Couch, template_id: str) -> int:
    """The highest stored version number of a template, drafts included; 0 if none."""
    return max((d["version"] for d in list_versions(couch, template_id)), default=0)


def create_draft(couch: Couch, body: Any) -> dict[str, Any]:
    """Store a new draft version. Without ``version``, the next number is taken."""
    doc = _as_object(body)
    if "_rev" in doc:
        _refuse([{"path": "/_rev", "reason": "a new version has no revision yet"}])
    doc.setdefault("type", template_model.DOC_TYPE)
    doc.setdefault("status", template_model.DRAFT)
    tid = doc.get("template_id")
    highest = (
        highest_version(couch, tid)
        if isinstance(tid, str) and template_model.TEMPLATE_ID.fullmatch(tid)
        else 0
    )
    doc.setdefault("version", highest + 1)
    if isinstance(tid, str) and template_model.is_version_number(doc["version"]):
        doc.setdefault("_id", template_model.doc_id(tid, doc["version"]))
    _refuse(content_errors(doc) + _draft_rules(doc))
    existing = couch.db(DB).get(doc["_id"])
    if existing is not None:
        _refuse_change_of(existing)
        raise KoraError(
            "already_exists", f"{doc['_id']} already exists as a draft; replace it with PUT"
        )
    if doc["version"] < highest:
        raise KoraError(
            "template_version_order",
            f"template {tid!r} already has version {highest}; a new version must be higher",
            highest=highest,
        )
    stored = couch.db(DB).put(doc)
    if stored is None:
        raise KoraError("already_exists", f"{doc['_id']} was created by someone else just now")
    return stored


def _refuse_change_of(stored: dict[str, Any]) -> None:
    if stored.get("status") == template_model.PUBLISHED:
        raise KoraError(
            "template_published",
            f"{stored['_id']} was published at {stored.get('published_at')} and cannot "
            "change; create a new version",
            published_at=stored.get("published_at"),
        )


def replace_draft(couch: Couch, template_id: str, version: int, body: Any) -> dict[str, Any]:
    """Replace a draft with a new body carrying the draft's current ``_rev``."""
    stored = get_version(couch, template_id, version)
    _refuse_change_of(stored)
    doc = _as_object(body)
    doc.setdefault("type", template_model.DOC_TYPE)
    doc.setdefault("status", template_model.DRAFT)
    doc.setdefault("template_id", template_id)
    doc.setdefault("version", version)
    doc.setdefault("_id", stored["_id"])
    errors = content_errors(doc) + _draft_rules(doc)
    if doc["template_id"] != template_id or doc["version"] != version:
        errors.append(
            {
                "path": "/template_id",
                "reason": f"the address names {stored['_id']}; "
                "the body must describe the same version",
            }
        )
    if "_rev" not in doc:
        errors.append(
            {
                "path": "/_rev",
                "reason": "send the draft's current _rev, "
                "so that no one else's change is overwritten",
            }
        )
    _refuse(errors)
    saved = couch.db(DB).put(doc)
    if saved is None:
        raise KoraError(
            "conflict",
            f"{stored['_id']} changed since revision {doc['_rev']}; read it again",
            current_rev=(couch.db(DB).get(stored["_id"]) or {}).get("_rev"),
        )
    return saved


def publish(
    couch: Couch, template_id: str, version: int, published_at: str | None = None
) -> dict[str, Any]:
    """Publish a draft: it becomes the current version of its template and never changes again."""
    stored = get_version(couch, template_id, version)
    _refuse_change_of(stored)
    published = [
        d["version"]
        for d in list_versions(couch, template_id)
        if d.get("status") == template_model.PUBLISHED
    ]
    if published and max(published) >= version:
        raise KoraError(
            "template_version_order",
            f"version {max(published)} of {template_id!r} is already published; "
            f"version {version} cannot come after it",
            highest=max(published),
        )
    doc = {**stored, "status": template_model.PUBLISHED, "published_at": published_at or now()}
    _refuse(content_errors(doc))
    saved = couch.db(DB).put(doc)
    if saved is None:
        raise KoraError(
            "conflict", f"{stored['_id']} changed while it was being published; try again"
        )
    return saved
