"""An inspection against the template version it names: found, published, answers fit, photos given.

The versions come from services/catalog (``get_versions``): every distinct (template_id, version)
of a batch in one read. An unknown or unpublished version makes that one document invalid; a
database outage is not a document's fault and fails the request (503).
"""

from __future__ import annotations

from typing import Any

from schemas.rules import template as template_model
from schemas.rules.answers import answer_problems
from schemas.rules.photo_rule import missing_photos
from services.catalog.service import get_versions
from services.common.couch import Couch

TemplateKey = tuple[str, int]


def template_key(doc: dict[str, Any]) -> TemplateKey:
    return doc["template"]["id"], doc["template"]["version"]


def load_templates(couch: Couch, keys: list[TemplateKey]) -> dict[TemplateKey, dict[str, Any] | None]:
    """Each distinct version, all in one read: the stored document, or None when the catalog has
    no such version."""
    return get_versions(couch, keys)


def template_problems(doc: dict[str, Any], template: dict[str, Any] | None) -> list[dict[str, str]]:
    """Why ``doc`` does not fit its template version; [] when it does."""
    tid, version = template_key(doc)
    if template is None:
        return [{"path": "/template", "reason": f"the catalog has no template {tid} version {version}"}]
    if template.get("status") != template_model.PUBLISHED:
        return [{"path": "/template",
                 "reason": f"template {tid} version {version} is a draft; only published versions can be filled in"}]
    return answer_problems(template, doc["answers"]) + missing_photos(template, doc["answers"])
