"""Every Tibetan string of the catalog data files, each under a stable key, for the review round-trip.

Keys name a string by file and by the ids on its way, not by list positions, so that reordering
items does not change them:

    catalog/templates/bank.json#/title
    catalog/templates/bank.json#/sections[cash]/items[bank.cash.accepted]/requirement
    catalog/templates/bank.json#/sections[cash]/items[bank.cash.windows]/answer/choices[none]/label
    regions/regions.json#/regions[540102]/name

A ``BoString`` holds the very dicts of the loaded document, so that setting a reviewed text
changes the document in place.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = Path("schemas/catalog/templates")
REGIONS = Path("schemas/regions/regions.json")
TEXT_FIELDS = ("requirement", "guidance")


@dataclass
class BoString:
    key: str
    holder: dict[str, Any]  # has zh and bo
    status_holder: dict[str, Any]  # has bo_status (the text itself, or the region for its name)

    @property
    def zh(self) -> str:
        return self.holder["zh"]

    @property
    def bo(self) -> str:
        return self.holder["bo"]

    @property
    def status(self) -> str:
        return self.status_holder["bo_status"]

    def set(self, bo: str, status: str) -> bool:
        """Store a text and its review status; whether anything changed."""
        if (self.bo, self.status) == (bo, status):
            return False
        self.holder["bo"] = bo
        self.status_holder["bo_status"] = status
        return True


@dataclass
class DataFile:
    """One catalog data file, loaded, with the key prefix its strings carry."""

    path: Path
    name: str  # relative to schemas/, e.g. catalog/templates/bank.json
    document: dict[str, Any]
    indent: int = 2  # kept as the file had it, so that a review changes only the lines it must

    @property
    def is_template(self) -> bool:
        return self.name.startswith("catalog/templates/")

    def strings(self) -> list[BoString]:
        found = list(
            template_strings(self.document, self.name)
            if self.is_template
            else region_strings(self.document, self.name)
        )
        seen: set[str] = set()
        for string in found:
            if string.key in seen:
                raise ValueError(f"{string.key} appears twice: ids in {self.name} must be unique")
            seen.add(string.key)
        return found

    def save(self) -> None:
        text = json.dumps(self.document, ensure_ascii=False, indent=self.indent) + "\n"
        self.path.write_text(text, encoding="utf-8")


def _text(key: str, text: Any) -> Iterator[BoString]:
    if isinstance(text, dict) and "bo" in text and "bo_status" in text:
        yield BoString(key, text, text)


def template_strings(doc: dict[str, Any], name: str) -> Iterator[BoString]:
    base = f"{name}#"
    yield from _text(f"{base}/title", doc.get("title"))
    for section in doc.get("sections", []):
        at_section = f"{base}/sections[{section.get('id')}]"
        yield from _text(f"{at_section}/title", section.get("title"))
        for item in section.get("items", []):
            at_item = f"{at_section}/items[{item.get('id')}]"
            for field in TEXT_FIELDS:
                yield from _text(f"{at_item}/{field}", item.get(field))
            for choice in item.get("answer", {}).get("choices", []):
                at_choice = f"{at_item}/answer/choices[{choice.get('value')}]/label"
                yield from _text(at_choice, choice.get("label"))


def region_strings(doc: dict[str, Any], name: str) -> Iterator[BoString]:
    # A region's bo_status covers its name (schemas/region.schema.json).
    for region in doc.get("regions", []):
        if "bo_status" in region and "bo" in region.get("name", {}):
            yield BoString(f"{name}#/regions[{region['code']}]/name", region["name"], region)


def load_files(root: Path = REPO_ROOT) -> list[DataFile]:
    """The template files and the regions file under ``root``, in a stable order."""
    paths = sorted((root / TEMPLATES).glob("*.json"))
    if (root / REGIONS).is_file():
        paths.append(root / REGIONS)
    schemas = root / "schemas"
    files = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(schemas).as_posix()
        files.append(DataFile(path, name, json.loads(text), _indent_of(text)))
    return files


def _indent_of(text: str) -> int:
    for line in text.splitlines()[1:]:
        stripped = line.lstrip(" ")
        if stripped != line:
            return len(line) - len(stripped)
    return 2
