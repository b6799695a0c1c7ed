"""On the phone's store: opening a 60-item checklist, and saving one answer durably.

A store in a temporary folder holds the bench day's 60-item template and 500 venues; a draft has
40 answers, a few with notes and photos. "Opening" is what the checklist screen does: build
``ChecklistViewModel`` (template, answers, where to go on) and read its sections and current
item. "Saving" is ``inspections.set_answer``: one transaction, committed with
``synchronous=FULL`` (on the disk before it returns). Median and 95th percentile in ms. This
machine's disk is not a phone's flash: the figures compare changes of the code, not phones.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.viewmodels.checklist import ChecklistViewModel
from tests.support.sync_data import make_venue
from tests.support.templates import make_template

OPENS = 200
SAVES = 500
NOW = "2026-05-04T10:00:00Z"


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {"median_ms": round(statistics.median(ordered), 3),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
            "max_ms": round(ordered[-1], 3), "samples": len(ordered)}


def _prepared(folder: Path) -> tuple[Store, str]:
    store = Store(folder / "kora.sqlite3")
    template = make_template("bench-checklist", items=60, photo="on_no")
    venues = [make_venue(f"v{n}", "540102") for n in range(500)]
    catalog.apply_pull(store, {"full": True, "templates": [template], "venues": venues}, "cp", NOW)
    draft = inspections.start(store, venue=venues[0], template_id="bench-checklist", template_version=1,
                              inspector="dolma", now=NOW)
    for n in range(1, 41):
        note = "未保留人工服务窗口" if n % 5 == 0 else None
        inspections.set_answer(store, draft, f"item-{n:02d}", "no" if note else "yes", NOW, note=note,
                               photos=["ab" * 32] if note else None)
    return store, draft


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        store, draft = _prepared(Path(tmp))
        with store:
            opens = []
            for _ in range(OPENS):
                started = time.perf_counter()
                model = ChecklistViewModel(store, draft)
                _ = (model.sections, model.current, model.progress)
                opens.append((time.perf_counter() - started) * 1000)
            saves = []
            for n in range(SAVES):
                started = time.perf_counter()
                # a new time stamp each save: a write that changes nothing commits no page and skips the fsync
                answered_at = f"2026-05-04T11:{n // 60 % 60:02d}:{n % 60:02d}Z"
                inspections.set_answer(store, draft, f"item-{n % 60 + 1:02d}", ("yes", "no", "na")[n % 3], answered_at)
                saves.append((time.perf_counter() - started) * 1000)
    return {"benchmark": "phone-store",
            "open_checklist_60_items": _percentiles(opens),
            "save_one_answer_durably": _percentiles(saves),
            "sqlite": {"journal_mode": "wal", "synchronous": "FULL"}}


def line(fig: dict) -> str:
    opened, saved = fig["open_checklist_60_items"], fig["save_one_answer_durably"]
    return (f"phone store: open a 60-item checklist median {opened['median_ms']:.2f} ms p95 {opened['p95_ms']:.2f} ms; "
            f"save one answer durably median {saved['median_ms']:.2f} ms p95 {saved['p95_ms']:.2f} ms")
