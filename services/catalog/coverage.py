"""The coverage table: every requirement of the policy texts and the checklist items that check it.

schemas/catalog/coverage.json lists the requirements, each a quoted sentence of one clause,
with either the venue types where it is checked or the reason it cannot be checked at a venue.
Which items check a requirement is not written there but read from the templates' own
``legal_basis``, so the table cannot drift from the checklists. ``problems()`` is what the test
suite asserts empty; ``markdown()`` writes docs/catalog-coverage.md:

    python -m services.catalog.coverage            # rewrite docs/catalog-coverage.md
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from schemas.rules.template import items
from services.catalog import policy
from services.common.schemas import schema_errors

REPO_ROOT = Path(__file__).resolve().parents[2]
COVERAGE_FILE = REPO_ROOT / "schemas" / "catalog" / "coverage.json"
TEMPLATES_DIR = REPO_ROOT / "schemas" / "catalog" / "templates"
DOC_FILE = REPO_ROOT / "docs" / "catalog-coverage.md"
SCHEMA = "catalog_coverage"

Citation = tuple[str, str, int | None, str]  # document, section, item, quote


def _citation(entry: dict[str, Any]) -> Citation:
    return (entry["document"], entry["section"], entry.get("item"), entry["quote"])


def load_requirements(path: Path = COVERAGE_FILE) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["requirements"]


def load_templates(directory: Path = TEMPLATES_DIR) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]


def checking_items(templates: list[dict[str, Any]]) -> dict[Citation, list[tuple[str, str]]]:
    """For each citation, the (template_id, item id) pairs whose legal_basis quotes it."""
    found: dict[Citation, list[tuple[str, str]]] = defaultdict(list)
    for template in templates:
        for _, item in items(template):
            for basis in item["legal_basis"]:
                found[_citation(basis)].append((template["template_id"], item["id"]))
    return found


def problems(requirements: list[dict[str, Any]], templates: list[dict[str, Any]]) -> list[str]:
    """Everything that keeps the table from being complete and true; [] when it is."""
    out = [
        f"coverage.json {e['path']}: {e['reason']}"
        for e in schema_errors(SCHEMA, {"requirements": requirements})
    ]
    if out:
        return out
    citations = {_citation(r): r for r in requirements}
    for r in requirements:
        basis = {"document": r["document"], "section": r["section"], "item": r.get("item") or None}
        if problem := policy.citation_problem({**basis, "quote": r["quote"]}):
            out.append(f"requirement {r['id']}: {problem}")
    covered = {(r["document"], r["section"], r.get("item")) for r in requirements}
    for key, clause in policy.clauses().items():
        if key not in covered:
            out.append(f"{clause.label} has no row in coverage.json: list what it requires")
    by_citation = checking_items(templates)
    for citation, where in by_citation.items():
        if citation not in citations:
            listed = ", ".join(f"{t}:{i}" for t, i in where[:3])
            out.append(f"{listed} cite a quote that coverage.json does not list: {citation}")
    types_of = {t["template_id"]: set(t["venue_types"]) for t in templates}
    for citation, where in by_citation.items():
        r = citations.get(citation)
        for template_id, item_id in where if r else ():
            if "not_at_venue" in r:
                out.append(f"{item_id} cites {r['id']}, which coverage.json says no venue can check")
            elif not types_of[template_id] & set(r["venue_types"]):
                out.append(
                    f"{item_id} cites {r['id']}, which applies to {', '.join(r['venue_types'])}, "
                    f"not to {', '.join(sorted(types_of[template_id]))}"
                )
    for citation, r in citations.items():
        if "not_at_venue" in r:
            continue
        checked_at = {v for t, _ in by_citation.get(citation, []) for v in types_of[t]}
        for venue_type in r["venue_types"]:
            if venue_type not in checked_at:
                out.append(f"requirement {r['id']}: no {venue_type} checklist item checks it")
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(requirements: list[dict[str, Any]], templates: list[dict[str, Any]]) -> str:
    by_citation = checking_items(templates)
    checkable = [r for r in requirements if "venue_types" in r]
    summary = (
        f"{len(requirements)} requirements: {len(checkable)} checked at venues by "
        f"{sum(len(list(items(t))) for t in templates)} items in {len(templates)} templates, "
        f"{len(requirements) - len(checkable)} that cannot be checked at a venue, with the reason."
    )
    lines = [
        "# Catalog coverage: what the two policy documents require and which items check it",
        "",
        "Generated by `python -m services.catalog.coverage` from `schemas/catalog/coverage.json`",
        "(the requirements) and `schemas/catalog/templates/` (the items, through their",
        "`legal_basis`); `services/catalog/tests/test_coverage.py` fails when this file is stale,",
        "when a requirement has neither an item nor a reason, when an item cites a quote that is not",
        "in the documents, or when a clause of the documents has no row here.",
        "",
        summary,
    ]
    for document, title in policy.TITLES.items():
        lines += [
            "",
            f"## {title} (`{document}`)",
            "",
            "| Clause | Requirement (quoted) | Checked by | Venue types |",
            "|---|---|---|---|",
        ]
        for r in (r for r in requirements if r["document"] == document):
            clause = r["section"] + (f" 第{r['item']}项" if r.get("item") else "")
            if "not_at_venue" in r:
                checked, where = f"not at a venue: {r['not_at_venue']}", "—"
            else:
                pairs = by_citation.get(_citation(r), [])
                checked = "<br>".join(f"`{item_id}`" for _, item_id in pairs)
                where = ", ".join(r["venue_types"])
            lines.append(f"| {clause} | {_cell(r['quote'])} | {_cell(checked)} | {where} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    requirements, templates = load_requirements(), load_templates()
    found = problems(requirements, templates)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        return 1
    DOC_FILE.write_text(markdown(requirements, templates), encoding="utf-8")
    print(f"wrote {DOC_FILE.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
