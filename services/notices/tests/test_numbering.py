"""Numbers per prefecture and year, no gaps and no duplicates, however many replicas take them."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

from services.common.couch import Couch
from services.common.settings import Settings
from services.notices import numbering


def test_numbers_count_up_per_prefecture_and_year(couch):
    assert numbering.assign(couch, "5401", 2026, "notice_request:a") == "5401-2026-0001"
    assert numbering.assign(couch, "5401", 2026, "notice_request:b") == "5401-2026-0002"
    assert numbering.assign(couch, "5402", 2026, "notice_request:c") == "5402-2026-0001"
    assert numbering.assign(couch, "5401", 2027, "notice_request:d") == "5401-2027-0001"


def test_a_request_asking_again_gets_its_own_number_back(couch):
    first = numbering.assign(couch, "5401", 2026, "notice_request:a")
    numbering.assign(couch, "5401", 2026, "notice_request:b")
    assert numbering.assign(couch, "5401", 2026, "notice_request:a") == first
    assert numbering.assign(couch, "5401", 2026, "notice_request:c") == "5401-2026-0003"


def test_threads_each_with_its_own_connection_take_every_number_once(couch, settings):
    taken: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(6)

    def replica(n: int) -> None:
        own = Couch(settings)
        start.wait()
        for i in range(5):
            number = numbering.assign(own, "5401", 2026, f"notice_request:t{n}-{i}")
            with lock:
                taken.append(number)
        own.close()

    threads = [threading.Thread(target=replica, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken) == [f"5401-2026-{n:04d}" for n in range(1, 31)]


def _take_numbers(settings_fields: dict, replica: int, count: int) -> list[str]:
    couch = Couch(Settings(**settings_fields))
    try:
        return [numbering.assign(couch, "5401", 2026, f"notice_request:p{replica}-{i}") for i in range(count)]
    finally:
        couch.close()


def test_processes_take_every_number_once(couch, settings):
    fields = {"couchdb_url": settings.couchdb_url, "kora_db_prefix": settings.kora_db_prefix,
              "kora_secret_key": settings.kora_secret_key}
    with ProcessPoolExecutor(3, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_take_numbers, [fields] * 3, range(3), [6] * 3))
    taken = [n for numbers in results for n in numbers]
    assert sorted(taken) == [f"5401-2026-{n:04d}" for n in range(1, 19)]
    counter = couch.db("notices").get(numbering.counter_id("5401", 2026))
    assert counter["last"] == 18 and len(counter["assigned"]) == 18
