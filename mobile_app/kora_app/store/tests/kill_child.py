"""The engine under test of test_kill: fills a 60-item checklist as fast as it can, forever.

    python -m mobile_app.kora_app.store.tests.kill_child STORE INSPECTION_ID FIRST_SEQUENCE FIRST_ITEM

Prints ``ack answer <item> <seq>`` or ``ack stroke <n> <seq>`` after each commit; what each
sequence number writes is ``expected_answer`` / ``expected_stroke``, so the parent can check the
stored bytes. Imports only the store: it starts as fast as the app would.
"""

from __future__ import annotations

import hashlib
import sys

from mobile_app.kora_app.store import inspections
from mobile_app.kora_app.store.database import Store

ITEMS = [f"item-{n:02d}" for n in range(1, 61)]
NOW = "2026-05-04T10:00:00Z"
PAD = {"width": 600, "height": 200}


def expected_answer(seq: int) -> dict:
    return {"value": ("yes", "no", "na")[seq % 3], "note": f"备注 {seq} " + "ཞ" * (seq % 40),
            "photos": [hashlib.sha256(str(seq).encode()).hexdigest()]}


def expected_stroke(seq: int) -> list[list[float]]:
    return [[seq % 600, (seq // 600) % 200], [1.5, 2.25], [seq % 7, 3]]


def main(path: str, inspection_id: str, first: int, first_item: int = 0) -> None:
    store = Store(path)
    print("ready", flush=True)
    seq = first
    while True:
        # Each run starts at its own item, so every item is written however slow the machine is.
        for item in ITEMS[first_item:] + ITEMS[:first_item]:
            seq += 1
            answer = expected_answer(seq)
            inspections.set_answer(store, inspection_id, item, answer["value"], NOW, note=answer["note"],
                                   photos=answer["photos"])
            print(f"ack answer {item} {seq}", flush=True)
            if seq % 7 == 0:
                seq += 1
                number = inspections.add_stroke(store, inspection_id, expected_stroke(seq), PAD, NOW)
                print(f"ack stroke {number} {seq}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
