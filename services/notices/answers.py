"""A business's answers: for each finding, what it did and a photo; and what supervisors see of them.

One document per finding, ``answer:<number>:<item id>``, its photos attached under their SHA-256
(checked by the same image checks as the inspectors' photos). Answering again replaces the text
(the earlier one goes to ``history``) and adds the photo. When every finding has an answer, an
``issued`` notice becomes ``answered``. The text is stored as typed; every page shows it as text.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.image_check import check_image
from services.notices import store
from services.notices.issuing import stamp

MAX_TEXT = 2000
ANSWERABLE = ("issued", "answered", "overdue")


def submit_answer(couch: Couch, notice: dict[str, Any], item_id: str, text: str, photo: bytes,
                  now: datetime) -> dict[str, Any]:
    """Store the business's answer to one finding; ``invalid_request``, ``not_an_image`` or
    ``photo_too_large`` when it cannot be taken."""
    if notice["status"] not in ANSWERABLE:
        raise KoraError("invalid_request", f"notice {notice['number']} is {notice['status']}: it takes no more answers")
    if item_id not in {f["item_id"] for f in notice["findings"]}:
        raise KoraError("invalid_request", "the notice has no such finding")
    text = text.strip()
    if not 0 < len(text) <= MAX_TEXT:
        raise KoraError("invalid_request", f"say what was done, in 1 to {MAX_TEXT} characters")
    content_type = check_image(photo)
    name = hashlib.sha256(photo).hexdigest()
    for _ in range(10):
        doc = store.get(couch, store.answer_id(notice["number"], item_id)) or {
            "_id": store.answer_id(notice["number"], item_id), "type": "notice_answer",
            "notice_id": notice["_id"], "number": notice["number"], "item_id": item_id,
            "photos": [], "history": []}
        history = doc["history"] + ([{"text": doc["text"], "at": doc["answered_at"]}] if "text" in doc else [])
        photos = [p for p in doc["photos"] if p["name"] != name] + [{"name": name, "content_type": content_type}]
        fresh = name not in doc.get("_attachments", {})
        stored = store.put_answer(couch, {**doc, "text": text, "answered_at": stamp(now), "photos": photos,
                                          "history": history[-20:]},
                                  photo if fresh else None, content_type, name)
        if stored is not None:
            _mark_answered(couch, notice["number"], now)
            return stored
    raise KoraError("conflict", "the answer changed while it was saved; send it again")


def _mark_answered(couch: Couch, number: str, now: datetime) -> None:
    for _ in range(10):
        notice = store.by_number(couch, number)
        answered = {a["item_id"] for a in store.answers_of(couch, number)}
        if notice["status"] != "issued" or any(f["item_id"] not in answered for f in notice["findings"]):
            return
        if store.put(couch, {**notice, "status": "answered", "answered_at": stamp(now)}) is not None:
            return


def answers_for(couch: Couch, notice_id: str) -> list[dict[str, Any]]:
    """For the review pages: each finding of the notice with the business's answer (None when not
    answered yet) and the re-inspection's outcome. The answer's text is as the business typed it:
    show it as text. Photos are read with :func:`answer_photo`."""
    notice = store.get(couch, notice_id)
    if notice is None or notice.get("type") != "notice":
        raise KoraError("not_found", f"no notice {notice_id}")
    answers = {a["item_id"]: a for a in store.answers_of(couch, notice["number"])}
    out = []
    for finding in notice["findings"]:
        answer = answers.get(finding["item_id"])
        out.append({"item_id": finding["item_id"], "requirement": finding["requirement"],
                    "deadline": finding.get("deadline", notice["deadline"]),
                    "answer": None if answer is None else {
                        "text": answer["text"], "answered_at": answer["answered_at"],
                        "photos": answer["photos"], "history": answer["history"]},
                    "outcome": notice.get("outcomes", {}).get(finding["item_id"])})
    return out


def answer_photo(couch: Couch, notice_id: str, item_id: str, sha256: str) -> bytes | None:
    return store.answer_photo(couch, notice_id.removeprefix("notice:"), item_id, sha256)
