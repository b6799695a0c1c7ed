"""Which current templates changed after a ``_changes`` position: what the sync pull sends.

Only published versions matter to a phone: a draft saved or replaced is not a change for it.
Sequences are opaque CouchDB 3 strings: handed back as ``since``, never parsed or compared.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from schemas.rules import template as template_model
from services.catalog.service import DB, current_templates
from services.common.couch import Couch

CHANGES_LIMIT = 2000
PUBLISHED_VERSIONS = {"type": template_model.DOC_TYPE, "status": template_model.PUBLISHED}


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
    rows, seq, more = couch.db(DB).changes(since, limit, PUBLISHED_VERSIONS)
    docs = [row["doc"] for row in rows if row.get("doc") and not row.get("deleted")]
    changed = sorted({d["template_id"] for d in docs if isinstance(d.get("template_id"), str)})
    templates = current_templates(couch, changed) if changed else []
    return TemplateChanges(templates, seq, more)
