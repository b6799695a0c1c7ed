"""The checklist being filled: sections, progress, the current item with its guidance and legal basis.

Every answer, note and photo is written to the store the moment it is given (one transaction);
the view-model only keeps which item is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemas.rules.answers import is_finding
from schemas.rules.photo_rule import needs_photo
from schemas.rules.template import items

from ..photos import camera
from ..store import catalog, inspections
from ..store.database import Store
from .clock import now_iso
from .observable import Observable


def stored_answer(item: dict[str, Any], given: Any) -> Any:
    """The answer as the inspection schema holds it: a choice item's is ``{"choice": option}``."""
    return {"choice": given} if item.get("answer", {}).get("kind") == "choice" else given


def shown_answer(value: Any) -> Any:
    """The other way: the option a stored choice names, any other answer as it is."""
    return value.get("choice") if isinstance(value, dict) else value


def text(value: Any, language: str) -> str:
    """A bilingual text in the chosen language, falling back to Chinese (Tibetan may be a draft)."""
    if isinstance(value, dict):
        return value.get(language) or value.get("zh") or ""
    return str(value or "")


class ChecklistViewModel(Observable):
    def __init__(self, store: Store, inspection_id: str, *, clock: Callable[[], str] = now_iso,
                 only_items: set[str] | None = None) -> None:
        super().__init__()
        self.store, self.inspection_id, self.clock = store, inspection_id, clock
        head = inspections.header(store, inspection_id)
        self.template = catalog.template(store, head["template_id"], head["template_version"])
        self.language = store.setting("language", "zh")
        self.order = [(section, item) for section, item in items(self.template)
                      if only_items is None or item["id"] in only_items]
        self.answers = inspections.answers(store, inspection_id)
        unanswered = [i for i, (_, item) in enumerate(self.order) if item["id"] not in self.answers]
        self.position = unanswered[0] if unanswered else 0

    # --- what the screen shows --------------------------------------------------------------------

    @property
    def progress(self) -> dict[str, int]:
        answered = sum(1 for _, item in self.order if item["id"] in self.answers)
        return {"answered": answered, "total": len(self.order)}

    @property
    def sections(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for section, item in self.order:
            if not out or out[-1]["id"] != section["id"]:
                out.append({"id": section["id"], "title": text(section.get("title"), self.language),
                            "answered": 0, "total": 0, "items": []})
            out[-1]["total"] += 1
            out[-1]["answered"] += item["id"] in self.answers
            out[-1]["items"].append(item["id"])
        return out

    def item(self, item_id: str | None = None) -> dict[str, Any]:
        """One item as the screen shows it (the current one by default)."""
        section, item = self.order[self.position] if item_id is None else self._find(item_id)
        answer = self.answers.get(item["id"], {})
        spec = item.get("answer", {})
        value = answer.get("value")
        return {
            "id": item["id"], "section": text(section.get("title"), self.language),
            "requirement": text(item.get("requirement"), self.language),
            "guidance": text(item.get("guidance"), self.language),
            "legal_basis": item.get("legal_basis", []), "severity": item.get("severity"),
            "kind": spec.get("kind"),
            "choices": [{"value": c["value"], "label": text(c.get("label"), self.language)}
                        for c in spec.get("choices", [])],
            "value": shown_answer(value), "note": answer.get("note", ""), "photos": answer.get("photos", []),
            "finding": "value" in answer and is_finding(item, value),
            "photo_needed": "value" in answer and needs_photo(item, value) and not answer.get("photos"),
        }

    @property
    def current(self) -> dict[str, Any]:
        return self.item()

    def _find(self, item_id: str) -> tuple[dict, dict]:
        for pair in self.order:
            if pair[1]["id"] == item_id:
                return pair
        raise KeyError(item_id)

    # --- moving ---------------------------------------------------------------------------------

    def go_to(self, item_id: str) -> None:
        self.position = next(i for i, (_, item) in enumerate(self.order) if item["id"] == item_id)
        self.changed()

    def next(self) -> None:
        self.position = min(self.position + 1, len(self.order) - 1)
        self.changed()

    def previous(self) -> None:
        self.position = max(self.position - 1, 0)
        self.changed()

    # --- giving answers (each saved at once) -----------------------------------------------------

    def _reload(self) -> None:
        self.answers = inspections.answers(self.store, self.inspection_id)

    def answer(self, value: Any, item_id: str | None = None) -> bool:
        target = item_id or self.current["id"]
        stored = stored_answer(self._find(target)[1], value)
        return self.attempt(lambda: (inspections.set_answer(self.store, self.inspection_id, target, stored,
                                                            self.clock()), self._reload()))

    def note(self, note: str, item_id: str | None = None) -> bool:
        target = item_id or self.current["id"]
        return self.attempt(lambda: (inspections.set_note(self.store, self.inspection_id, target, note,
                                                          self.clock()), self._reload()))

    def add_photo(self, raw_jpeg: bytes, item_id: str | None = None) -> bool:
        """A photo from the camera: shrunk, kept, named in the item's answer."""
        target = item_id or self.current["id"]
        return self.attempt(lambda: (camera.take(self.store, self.inspection_id, target, raw_jpeg,
                                                 self.clock()), self._reload()))

    def remove_photo(self, sha256: str, item_id: str | None = None) -> bool:
        target = item_id or self.current["id"]
        return self.attempt(lambda: (inspections.unlink_photo(self.store, self.inspection_id, target, sha256,
                                                              self.clock()), self._reload()))
