from mobile_app.kora_app.store.search_keys import matches, search_keys


def test_every_reading_of_a_character_is_kept_so_either_pronunciation_finds_it():
    initials, readings = search_keys("城关支行")
    assert initials.startswith("cgz")
    for query in ("cgzh", "cgzx", "chengguan", "zhihang", "guanzhih", "cg"):
        assert matches(readings, query), query
    for query in ("gc", "zhihangx", ""):
        assert not matches(readings, query), query


def test_latin_and_digits_in_a_name_are_matched_as_written():
    _, readings = search_keys("拉萨12号ATM")
    assert matches(readings, "ls12") and matches(readings, "atm")
