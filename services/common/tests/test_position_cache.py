"""Reads kept per worker while their database stays at one position."""

import threading

from services.common.position_cache import PositionCache


def _reader(log):
    def read(missing):
        log.append(list(missing))
        return {key: f"{key}@{len(log)}" for key in missing}
    return read


def test_what_was_read_at_a_position_is_not_read_again_there():
    cache, log = PositionCache(), []
    assert cache.read_through("venues", "7", ["a", "b", "a"], _reader(log)) == {"a": "a@1", "b": "b@1"}
    assert cache.read_through("venues", "7", ["b", "c"], _reader(log)) == {"b": "b@1", "c": "c@2"}
    assert log == [["a", "b"], ["c"]]


def test_a_new_position_drops_everything_read_before():
    cache, log = PositionCache(), []
    cache.read_through("venues", "7", ["a"], _reader(log))
    assert cache.read_through("venues", "8", ["a"], _reader(log)) == {"a": "a@2"}
    # Back at an older position string (another request's view): read again, never mixed.
    assert cache.read_through("venues", "7", ["a"], _reader(log)) == {"a": "a@3"}
    assert log == [["a"], ["a"], ["a"]]


def test_databases_are_apart_and_none_is_a_value():
    cache, log = PositionCache(), []
    assert cache.read_through("venues", "7", ["a"], lambda missing: log.append(1) or {"a": None}) == {"a": None}
    assert cache.read_through("venues", "7", ["a"], lambda missing: log.append(2) or {"a": "x"}) == {"a": None}
    assert cache.read_through("notices", "7", ["a"], lambda missing: log.append(3) or {"a": "n"}) == {"a": "n"}
    assert log == [1, 3]


def test_past_its_size_the_cache_starts_over():
    cache, log = PositionCache(max_entries=3), []
    cache.read_through("venues", "7", ["a", "b"], _reader(log))
    cache.read_through("venues", "7", ["c", "d"], _reader(log))  # 4 > 3: a and b are dropped
    assert cache.read_through("venues", "7", ["a", "c"], _reader(log)) == {"a": "a@3", "c": "c@2"}
    assert log == [["a", "b"], ["c", "d"], ["a"]]


def test_concurrent_readers_get_complete_answers():
    cache, errors = PositionCache(max_entries=50), []

    def work(n):
        for round_number in range(200):
            keys = [f"k{(n + i + round_number) % 80}" for i in range(5)]
            got = cache.read_through("venues", str(round_number % 3), keys, lambda missing: {k: k for k in missing})
            if got != {k: k for k in keys}:
                errors.append(got)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
