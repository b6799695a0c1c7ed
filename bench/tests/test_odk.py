"""ODK Collect's way through the link to the receiver: everything arrives, split or not."""

import httpx

from bench.baselines.odk import (
    DEFAULT_ACCEPT_CONTENT_LENGTH,
    accepted_length,
    send_day,
    split_files,
)
from bench.contenders import ODK_CREDENTIALS, Odk
from bench.harness import measure
from bench.tests.conftest import FAST


def test_files_are_split_before_the_one_that_would_pass_the_accepted_length() -> None:
    files = [("a", b"1" * 40), ("b", b"2" * 40), ("c", b"3" * 40)]
    assert [[n for n, _ in batch] for batch in split_files(10, files, 100)] == [["a", "b"], ["c"]]
    assert [[n for n, _ in batch] for batch in split_files(10, files, 20)] == [["a"], ["b"], ["c"]]
    assert list(split_files(10, [], 100)) == [[]]


def test_without_the_header_collect_assumes_ten_million_bytes() -> None:
    assert accepted_length(httpx.Response(204)) == DEFAULT_ACCEPT_CONTENT_LENGTH
    assert (
        accepted_length(httpx.Response(204, headers={"X-OpenRosa-Accept-Content-Length": "5"})) == 5
    )


def test_one_post_per_inspection_delivers_the_whole_day(server, namespace, two_inspections) -> None:
    contender = Odk(server, two_inspections, namespace)
    wall, counts = measure(contender, FAST)  # measure() verifies byte for byte
    assert counts["exchanges"] == 2 * len(two_inspections.inspections)  # HEAD + POST each
    assert counts["bytes_up"] > two_inspections.photo_bytes and wall > 0


def test_a_submission_over_the_accepted_length_goes_in_several_posts(
    server, namespace, two_inspections
) -> None:
    contender = Odk(server, two_inspections, namespace, accept_content_length=200_000)
    with contender.serve() as port:
        posts = send_day(f"http://127.0.0.1:{port}", two_inspections, ODK_CREDENTIALS)
    assert posts == sum(len(i.photos) for i in two_inspections.inspections)  # one photo a POST
    contender.verify()
