"""The rig itself: CouchDB comes back on its data directory and port, the service on its port, and
the request log records what the phone saw."""

import httpx
import pytest

from bench.link import LinkProfile
from mobile_app.kora_app.sync import SyncError
from tests.faults.phone import token

CLEAN = LinkProfile("clean", 1e9, 1e9, 0.0)


def test_killed_processes_come_back_where_they_were_with_their_data(make_rig):
    rig = make_rig(1, CLEAN)
    port, data_dir = rig.own_couch.port, rig.own_couch.data_dir
    rig.admin.db("sync").bulk([{"_id": "kept", "type": "note"}])
    rig.own_couch.kill()
    rig.own_couch.child.process.wait()
    rig.service.kill()
    rig.service.child.process.wait()
    assert not rig.own_couch.running() and not rig.service.alive()
    assert rig.heal() == ["couchdb", "service"]
    assert (rig.own_couch.port, rig.own_couch.data_dir) == (port, data_dir)
    assert rig.admin.db("sync").all_docs(["kept"])["kept"]["type"] == "note"
    assert httpx.get(f"{rig.service.url}/health/ready").status_code == 200
    assert rig.heal() == []


def test_the_request_log_keeps_each_attempt_as_the_phone_saw_it(make_rig):
    rig = make_rig(2, CLEAN)
    with rig.client(token(rig)) as client:
        client.sync([], {}, None)
        with pytest.raises(SyncError, match="not_found"):
            client.photo_status("0f8fad5b-d9cb-469f-a165-70867728950e", "0" * 64)
    post, get = rig.log.entries
    assert (post.method, post.path, post.status) == ("POST", "/sync", 200) and post.sent > 0
    assert (get.method, get.status, get.code, get.media_type) == (
        "GET",
        404,
        "not_found",
        "application/problem+json",
    )
