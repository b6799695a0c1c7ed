import gzip

import pytest

from services.common.errors import KoraError
from services.sync.transport import inflate, parse_json_object


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


@pytest.mark.parametrize("body, code", [(b"", "malformed_json"), (b"\xff\xfe", "malformed_json"),
                                         (b"[1]", "invalid_request"), (b'{"a":', "malformed_json")])
def test_parse_json_object(body, code):
    with pytest.raises(KoraError) as caught:
        parse_json_object(body)
    assert caught.value.code == code
