"""The one JSON parser: grammar, size, depth, numbers and Unicode, each refused with its own code."""

import gzip
import json

import pytest

from services.common.errors import KoraError
from services.common.json_body import MAX_DEPTH, inflate, parse_json, parse_json_object


def _code(raw: bytes) -> str:
    with pytest.raises(KoraError) as caught:
        parse_json(raw)
    assert caught.value.status < 500
    return caught.value.code


def test_inflate_within_the_limit():
    assert inflate(gzip.compress(b"x" * 1000), 1000) == b"x" * 1000


@pytest.mark.parametrize("data, limit, code", [
    (gzip.compress(b"\0" * 10_000_000), 1_000_000, "body_too_large"),  # 10 MB of zeros in ~10 kB
    (gzip.compress(b"x" * 1001), 1000, "body_too_large"),
    (gzip.compress(b"{}")[:-6], 1000, "malformed_json"),  # cut short
    (b"plain text", 1000, "malformed_json"),
])
def test_inflate_refuses_bombs_and_junk(data, limit, code):
    with pytest.raises(KoraError) as caught:
        inflate(data, limit)
    assert caught.value.code == code


@pytest.mark.parametrize("body, code", [(b"", "malformed_json"), (b"  \n", "malformed_json"),
                                         (b"\xff\xfe", "malformed_json"), (b'{"a":', "malformed_json"),
                                         (b'{"a": 1} x', "malformed_json")])
def test_not_json(body, code):
    assert _code(body) == code


def test_an_array_is_not_an_object():
    with pytest.raises(KoraError) as caught:
        parse_json_object(b"[1]")
    assert caught.value.code == "invalid_request"


def test_depth_up_to_the_limit_is_fine_and_beyond_it_is_refused():
    assert parse_json(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) is not None
    assert _code(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)) == "json_too_deep"
    assert _code(b'{"a":' * 5000 + b"1" + b"}" * 5000) == "json_too_deep"
    assert _code(b"[" * 100_000) == "json_too_deep"  # not even closed: refused before parsing


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"note": "[[[[{{{{" * 100, "quote": 'say "[" \\ ['}).encode()
    assert parse_json(text)["note"].startswith("[[[[")


@pytest.mark.parametrize("number", [b"1" * 21, b"-" + b"9" * 5000, b"9" * 5000, b"1e999", b"-1e400",
                                    b"0." + b"1" * 100, b"NaN", b"Infinity", b"-Infinity"])
def test_numbers_out_of_range(number):
    assert _code(b'{"n": ' + number + b"}") == "json_number_out_of_range"


@pytest.mark.parametrize("number, value", [(b"1" * 20, int("1" * 20)), (b"-12", -12), (b"1.5e3", 1500.0),
                                           (b"0.25", 0.25)])
def test_numbers_in_range(number, value):
    assert parse_json(b"[" + number + b"]") == [value]


@pytest.mark.parametrize("raw", [b'{"\\ud800": 1}', b'{"id": "abc\\udfff"}', b'["ok", {"note": ["\\uDBFF"]}]',
                                 b'"\\ude00\\ud83d"'])
def test_lone_surrogates_are_refused(raw):
    assert _code(raw) == "invalid_text"


def test_a_surrogate_pair_and_an_escaped_backslash_u_are_fine():
    assert parse_json(b'{"a": "\\ud83d\\ude00", "b": "\\\\ud800"}') == {"a": "\U0001f600", "b": "\\ud800"}


@pytest.mark.parametrize("number", [b"18446744073709551616", b"-9223372036854775809", b"99999999999999999999",
                                    b"1234567890123456789"])
def test_integers_beyond_64_bits_stay_whole_integers(number):
    # orjson would give a float for these; the careful parse keeps them as the integers they are.
    value = parse_json(b'{"n": ' + number + b', "s": "x"}')["n"]
    assert type(value) is int and value == int(number)


@pytest.mark.parametrize("raw", [
    b'{"a": [1, 2.5, -0, true, false, null], "b": {"c": "\xe6\x9c\xaa\xe4\xbf\x9d\xe7\x95\x99 [{"}}',
    b'[{"x": "a \\" quote [[[", "y": [[[]]]}]',
    b'{"a": 1, "a": 2}',
    b'  {"deep": [[[[[[[[1]]]]]]]]}\n',
])
def test_the_fast_parse_gives_what_the_careful_one_gives(raw):
    assert parse_json(raw) == json.loads(raw)
