"""A temporary copy of the catalog data files (fixture templates and the real regions file)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from services.catalog.bo_strings import REGIONS, REPO_ROOT, TEMPLATES
from tests.support.templates import template


def make_catalog_copy(root: Path) -> Path:
    (root / TEMPLATES).mkdir(parents=True)
    (root / REGIONS).parent.mkdir(parents=True)
    shutil.copy(REPO_ROOT / REGIONS, root / REGIONS)
    for template_id in ("bank", "shop"):
        doc = template(template_id, 1, status="published")
        doc["sections"][1]["title"]["bo_status"] = "reviewed"
        path = root / TEMPLATES / f"{template_id}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return root
