"""Nothing is lost: the engine is SIGKILLed at random instants while it fills a checklist flat out.

After every kill the store opens, PRAGMA integrity_check passes, and every answer and stroke the
engine had acknowledged (it prints the ack only after the commit returned) is there byte for byte.
An answer may be newer than its last ack only by the one write in flight when the kill came.
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.database import Store, dumps
from mobile_app.kora_app.store.tests.kill_child import ITEMS, expected_answer, expected_stroke

KILLS = 200
ROOT = Path(__file__).resolve().parents[4]


def _run_and_kill(path: Path, draft: str, first: int, first_item: int, rng: random.Random, errors) -> list[str]:
    """Start the engine, let it acknowledge a random number of writes, then SIGKILL it after a
    random pause while it keeps writing: the kill lands at a random point of its work, and every
    run makes progress however loaded the machine is."""
    # -S: the engine needs only the standard library and the repository; skipping site-packages
    # halves its start on a busy machine.
    child = subprocess.Popen([sys.executable, "-S", "-m", "mobile_app.kora_app.store.tests.kill_child", str(path),
                              draft, str(first), str(first_item)], cwd=ROOT, stdout=subprocess.PIPE, stderr=errors,
                             text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    ready = child.stdout.readline().strip()
    if ready != "ready":
        child.wait()
        errors.seek(0)
        raise AssertionError(f"the engine did not start: {errors.read()}")
    lines = [child.stdout.readline().strip() for _ in range(rng.randint(1, 20))]
    time.sleep(rng.uniform(0, 0.02))
    child.send_signal(signal.SIGKILL)
    # Read through the same buffered reader readline used: lines it already buffered are acks too.
    lines += child.stdout.read().splitlines()
    child.wait()
    assert child.returncode == -signal.SIGKILL
    return [line for line in lines if line]


def _check(store: Store, draft: str, acked: dict[str, int], strokes: dict[int, int], in_flight: set[int]) -> None:
    assert store.integrity_problems() == []
    rows = {r["item_id"]: r for r in store.rows("SELECT * FROM answers WHERE inspection_id = ?", (draft,))}
    for item, seq in acked.items():
        row = rows[item]
        stored = int(row["note"].split()[1])
        assert stored == seq or (stored > seq and stored in in_flight), (item, seq, stored)
        want = expected_answer(stored)
        assert (row["value"], row["note"], row["photos"]) == (dumps(want["value"]), want["note"], dumps(want["photos"]))
    kept = {r["stroke"]: r["points"] for r in store.rows(
        "SELECT stroke, points FROM signature_strokes WHERE inspection_id = ?", (draft,))}
    for number, seq in strokes.items():
        assert kept[number] == dumps(expected_stroke(seq)), (number, seq)
    assert json.loads(store.value("SELECT pad FROM signatures WHERE inspection_id = ?", (draft,)) or "null") in (
        None, {"width": 600, "height": 200})


def test_two_hundred_kills_lose_no_acknowledged_answer(tmp_path, template):
    path = tmp_path / "kora.sqlite3"
    with Store(path) as store:
        catalog.apply_pull(store, {"templates": [template], "venues": [], "full": True}, "cp", NOW)
        draft = inspections.start(store, venue={"venue_id": "v0", "county_code": "540102"}, template_id="bank-basic",
                                  template_version=1, inspector="dolma", now=NOW)
    rng = random.Random(20260504)
    acked: dict[str, int] = {}
    strokes: dict[int, int] = {}
    in_flight: set[int] = set()
    total_acks = 0
    errors = open(tmp_path / "engine-stderr.txt", "w+")  # noqa: SIM115 (shared by every run)
    for run in range(KILLS):
        first = run * 1_000_000
        last = first
        for line in _run_and_kill(path, draft, first, run % len(ITEMS), rng, errors):
            _, kind, key, seq = line.split()
            if kind == "answer":
                acked[key] = int(seq)
            else:
                strokes[int(key)] = int(seq)
            last = int(seq)
            total_acks += 1
        in_flight.update({last + 1, last + 2})  # the write the kill interrupted (an answer, or a stroke after it)
        with Store(path) as store:
            _check(store, draft, acked, strokes, in_flight)
    errors.close()
    assert len(acked) == len(ITEMS) and total_acks > KILLS  # the kills landed mid-checklist, many times over
