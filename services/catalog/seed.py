"""Seed step: publish the template files of schemas/catalog/templates/ that the database lacks.

Each file is one complete version. A version the database already holds with the same content
is left alone, so a second run writes nothing. A published version is immutable: if the
database holds that version with different content, the file is not written and the report says
that the file needs a new version number (the Tibetan review import raises it by itself).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemas.rules import template as template_model
from services.catalog import service
from services.catalog.service import DB
from services.common.couch import Couch

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "schemas" / "catalog" / "templates"


@dataclass
class SeedReport:
    published: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one readable line per file not written

    def line(self) -> str:
        text = (
            f"templates: {len(self.published)} published, {len(self.unchanged)} unchanged, "
            f"{len(self.refused)} refused"
        )
        return text + "".join(f"\n  refused {reason}" for reason in self.refused)


def _load(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{path.name}: cannot be read as JSON ({exc})"
    if not isinstance(doc, dict):
        return None, f"{path.name}: is not a JSON object"
    # The file is the published text; publishing is what the seed does with it.
    doc = {**doc, "status": template_model.PUBLISHED}
    doc.setdefault("published_at", service.now())
    errors = service.content_errors(doc)
    if errors:
        listed = "; ".join(f"{e['path']}: {e['reason']}" for e in errors[:5])
        return None, f"{path.name}: does not match the template schema and rules: {listed}"
    if path.stem != doc["template_id"]:
        return None, f"{path.name}: template_id is {doc['template_id']!r}; name the file after it"
    expected = template_model.doc_id(doc["template_id"], doc["version"])
    if doc["_id"] != expected:
        return (
            None,
            f"{path.name}: _id is {doc['_id']!r}; with this version it must be {expected!r}",
        )
    return doc, None


def seed_templates_from(couch: Couch, directory: Path) -> SeedReport:
    report = SeedReport()
    for path in sorted(directory.glob("*.json")):
        doc, problem = _load(path)
        if problem:
            report.refused.append(problem)
            continue
        stored = couch.db(DB).get(doc["_id"])
        if stored is not None:
            if (
                template_model.content(stored) == template_model.content(doc)
                and stored["status"] == template_model.PUBLISHED
            ):
                report.unchanged.append(doc["_id"])
            elif stored["status"] == template_model.PUBLISHED:
                report.refused.append(
                    f"{path.name}: the database already holds a DIFFERENT published {doc['_id']}; "
                    f"published versions never change, so give the file version "
                    f"{service.highest_version(couch, doc['template_id']) + 1} (and _id)"
                )
            else:
                report.refused.append(
                    f"{path.name}: the database holds a draft {doc['_id']} made through the API; "
                    "publish or renumber one of them"
                )
            continue
        highest = service.highest_version(couch, doc["template_id"])
        if highest > doc["version"]:
            report.refused.append(
                f"{path.name}: the database already has version {highest} of "
                f"{doc['template_id']!r}; versions only go up"
            )
            continue
        if couch.db(DB).put(doc) is None:
            report.refused.append(
                f"{path.name}: {doc['_id']} was written by someone else meanwhile"
            )
        else:
            report.published.append(doc["_id"])
    return report


def seed_templates(couch: Couch) -> str:
    """The seed step of deploy/local_suite/seed.py: one line (more when a file was refused)."""
    return seed_templates_from(couch, TEMPLATES_DIR).line()
