"""Which current templates (and regions) changed after a ``_changes`` position: what the sync pull sends.

Only published versions matter to a phone: a draft saved or replaced is not a change for it. The
feed is read unfiltered and filtered here: on CouchDB 3 a ``_selector`` read spells its position
differently from an unfiltered one, and the sync worker's follower of the catalog
(services/common/changes_follower.py) only recognises positions spelled the unfiltered way.
Sequences are opaque CouchDB 3 strings: handed back as ``since``, never parsed, only compared for
equality: when the phone's templates and regions positions are the same string (the usual case,
since both are taken from the same read), one ``_changes`` serves both.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from schemas.rules import template as template_model
from services.catalog.regions import regions_changed_since
from services.catalog.service import DB, current_templates
from services.common.couch import Couch, current_docs
from services.common.reach import slim

CHANGES_LIMIT = 2000


def _published_version(doc: dict[str, Any]) -> bool:
    return doc.get("type") == template_model.DOC_TYPE and doc.get("status") == template_model.PUBLISHED


class TemplateChanges(NamedTuple):
    templates: list[dict[str, Any]]  # current version of each template that changed, no _rev
    seq: str  # where to resume next time (opaque)
    more: bool  # the limit was reached: call again from ``seq``


def templates_changed_since(
    couch: Couch, since: str | None, limit: int = CHANGES_LIMIT
) -> TemplateChanges:
    """Current templates whose published versions changed after ``since``.

    ``since=None`` means "the phone has nothing": every current template, and the position now.
    """
    if since is None:
        seq = couch.db(DB).update_seq()  # read first: a version published meanwhile comes again
        return TemplateChanges(current_templates(couch), seq, False)
    rows, seq, more = couch.db(DB).changes(since, limit)
    docs = [d for d in current_docs(rows) if _published_version(d)]
    changed = sorted({d["template_id"] for d in docs if isinstance(d.get("template_id"), str)})
    templates = current_templates(couch, changed) if changed else []
    return TemplateChanges(templates, seq, more)


class CatalogChanges(NamedTuple):
    templates: TemplateChanges
    regions: list[dict[str, Any]]  # region documents that changed, slimmed
    regions_seq: str
    regions_more: bool


def catalog_changed_since(couch: Couch, templates_since: str | None, regions_since: str | None,
                          limit: int = CHANGES_LIMIT) -> CatalogChanges:
    """Templates and regions changed after their positions: one ``_changes`` (both kinds kept)
    when the positions are the same, else each on its own, as ``templates_changed_since`` and
    ``regions_changed_since`` answer."""
    if templates_since is None or regions_since is None or templates_since != regions_since:
        templates = templates_changed_since(couch, templates_since, limit)
        return CatalogChanges(templates, *regions_changed_since(couch, regions_since, limit))
    rows, seq, more = couch.db(DB).changes(templates_since, limit)
    docs = [d for d in current_docs(rows) if _published_version(d) or d.get("type") == "region"]
    changed = sorted({d["template_id"] for d in docs
                      if d.get("type") == template_model.DOC_TYPE and isinstance(d.get("template_id"), str)})
    templates = TemplateChanges(current_templates(couch, changed) if changed else [], seq, more)
    return CatalogChanges(templates, [slim(d) for d in docs if d.get("type") == "region"], seq, more)
