"""Baseline 1: the day sent the way ODK Collect sends finalized forms (OpenRosa Form Submission API).

For each inspection, as Collect's InstanceServerUploader does:

1. ``HEAD /submission?deviceID=...``: the server answers 204 with
   ``X-OpenRosa-Accept-Content-Length`` (Collect assumes 10 000 000 bytes without it). Collect
   skips the HEAD only for a URL a previous HEAD redirected (204 + Location), which ours does not.
2. One ``multipart/form-data`` POST to the same URL: ``xml_submission_file`` (the instance XML)
   and each photo as a file part. When the next file would take the POST over the accepted
   length (or past 100 files), Collect ends that POST with ``*isIncomplete*=yes`` and sends the
   rest in further POSTs, each carrying the XML again.

Bodies go uncompressed (Collect does not gzip requests); one keep-alive connection, as OkHttp's
pool gives. Credentials are sent preemptively: a real Collect takes one extra 401 round trip
per session before its authenticator caches them, so this baseline is, if anything, flattered.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.utils import formatdate

import httpx

from bench.baselines.openrosa_instance import instance_xml, photo_file_name
from bench.couch_server import BenchError
from bench.workload import Day, Inspection

DEFAULT_ACCEPT_CONTENT_LENGTH = 10_000_000
MAX_FILES_PER_POST = 100
DEVICE_ID = "collect:bench0000000000001"
USER_AGENT = "org.odk.collect.android/v2024.3.0 okhttp/4.12.0"


def openrosa_headers() -> dict[str, str]:
    return {"X-OpenRosa-Version": "1.0", "Date": formatdate(usegmt=True)}


def accepted_length(response: httpx.Response) -> int:
    try:
        return int(response.headers.get("x-openrosa-accept-content-length", ""))
    except ValueError:
        return DEFAULT_ACCEPT_CONTENT_LENGTH


def split_files(
    xml_size: int, files: list[tuple[str, bytes]], limit: int
) -> Iterator[list[tuple[str, bytes]]]:
    """The files of each POST: as many as fit under ``limit`` with the XML (at least one each)."""
    batch: list[tuple[str, bytes]] = []
    size = xml_size
    for name, data in files:
        if batch and (size + len(data) > limit or len(batch) >= MAX_FILES_PER_POST):
            yield batch
            batch, size = [], xml_size
        batch.append((name, data))
        size += len(data)
    yield batch


def submit(http: httpx.Client, inspection: Inspection) -> int:
    """HEAD, then the POST(s) of one inspection; returns the number of POSTs."""
    url = "/submission"
    params = {"deviceID": DEVICE_ID}
    head = http.head(url, params=params, headers=openrosa_headers())
    if head.status_code != 204:
        raise BenchError(f"ODK: HEAD /submission answered {head.status_code}")
    xml = instance_xml(inspection.doc)
    files = [(photo_file_name(sha), data) for sha, data in sorted(inspection.photos.items())]
    batches = list(split_files(len(xml), files, accepted_length(head)))
    for number, batch in enumerate(batches, start=1):
        parts = [("xml_submission_file", (f"{inspection.doc['_id']}.xml", xml, "text/xml"))]
        parts += [(name, (name, data, "image/jpeg")) for name, data in batch]
        fields = {"*isIncomplete*": "yes"} if number < len(batches) else {}
        response = http.post(
            url, params=params, files=parts, data=fields, headers=openrosa_headers()
        )
        if response.status_code not in (201, 202):
            raise BenchError(
                f"ODK: POST /submission answered {response.status_code}: {response.text[:200]}"
            )
    return len(batches)


def send_day(base_url: str, day: Day, auth: tuple[str, str], timeout: float = 900.0) -> int:
    """Every inspection of the day, one after the other; returns the number of POSTs."""
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"}
    with httpx.Client(base_url=base_url, auth=auth, headers=headers, timeout=timeout) as http:
        return sum(submit(http, inspection) for inspection in day.inspections)
