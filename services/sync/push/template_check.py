"""An inspection against the template version it names: found, published, answers fit, photos given.

The versions come from services/catalog (``get_versions``): every distinct (template_id, version)
of a batch in one read. A published version never changes (the catalog refuses every edit), so
each worker keeps the published ones it has read, by catalog database and key, and asks the
catalog only for the others: at the end of the day a sync reads no template at all. Drafts and
unknown versions are asked again each time (one may be published meanwhile). An unknown or
unpublished version makes that one document invalid; a database outage is not a document's fault
and fails the request (503).
"""

from __future__ import annotations

import threading
from typing import Any

from schemas.rules import template as template_model
from schemas.rules.answers import answer_problems
from schemas.rules.photo_rule import missing_photos
from services.catalog.service import DB as CATALOG
from services.catalog.service import get_versions
from services.common.couch import Couch

TemplateKey = tuple[str, int]

_published: dict[tuple[str, str, int], dict[str, Any]] = {}  # (catalog database, template id, version)
_published_lock = threading.Lock()


def template_key(doc: dict[str, Any]) -> TemplateKey:
    return doc["template"]["id"], doc["template"]["version"]


def load_templates(couch: Couch, keys: list[TemplateKey]) -> dict[TemplateKey, dict[str, Any] | None]:
    """Each distinct version: the stored document, or None when the catalog has no such version.
    Those not yet held are read in one request."""
    database = couch.name(CATALOG)
    found: dict[TemplateKey, dict[str, Any] | None] = {}
    for key in dict.fromkeys(keys):
        found[key] = _published.get((database, *key))
    missing = [key for key, doc in found.items() if doc is None]
    if missing:
        read = get_versions(couch, missing)
        with _published_lock:
            for key, doc in read.items():
                if doc is not None and doc.get("status") == template_model.PUBLISHED:
                    _published[(database, *key)] = doc
        found.update(read)
    return found


def template_problems(doc: dict[str, Any], template: dict[str, Any] | None) -> list[dict[str, str]]:
    """Why ``doc`` does not fit its template version; [] when it does."""
    tid, version = template_key(doc)
    if template is None:
        return [{"path": "/template", "reason": f"the catalog has no template {tid} version {version}"}]
    if template.get("status") != template_model.PUBLISHED:
        return [{"path": "/template",
                 "reason": f"template {tid} version {version} is a draft; only published versions can be filled in"}]
    return answer_problems(template, doc["answers"]) + missing_photos(template, doc["answers"])
