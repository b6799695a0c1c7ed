"""Returned inspections from a pull: a draft with the comment; never overwriting the phone's edits silently."""

import copy

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.outbox import queue
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.returned import conflict

LATER = "2026-05-06T09:00:00Z"


def _returned(rev="3-9c1f", comment="请补拍现金柜台照片", inspector="dolma"):
    answers = {f"item-{n:02d}": {"value": "yes", "answered_at": NOW} for n in range(1, 61)}
    return {"_id": "7d444840-9dc0-11d1-b245-5ffdce74fad2", "_rev": rev, "type": "inspection", "venue_id": "v0",
            "county_code": "540102", "inspector": inspector, "template": {"id": "bank-basic", "version": 1},
            "started_at": NOW, "finished_at": NOW, "answers": answers, "status": "returned",
            "signature": {"name": "次仁", "signed_at": NOW, "pad": {"width": 600, "height": 200},
                          "strokes": [[[1, 2], [3, 4]]]},
            "client": {"revision": 3, "updated_at": NOW},
            "review": {"comment": comment, "by": "supervisor.lhasa", "at": NOW}}


def _pull(store, *docs, cp="cp-2"):
    catalog.apply_pull(store, {"returned": list(docs)}, cp, LATER, inspector="dolma")


def test_a_returned_inspection_becomes_an_editable_draft_with_the_comment_and_its_revision(store):
    doc = _returned()
    _pull(store, doc, _returned(inspector="pasang") | {"_id": "0f8fad5b-d9cb-469f-a165-70867728950e"})
    head = inspections.header(store, doc["_id"])
    assert head["state"] == "returned" and head["base_rev"] == "3-9c1f" and head["client_revision"] == 3
    assert inspections.review(head)["comment"] == "请补拍现金柜台照片"
    mine = inspections.document(store, doc["_id"])
    assert mine["answers"] == doc["answers"] and mine["signature"] == doc["signature"]
    assert inspections.listed(store, "returned") == [head]  # another inspector's is not kept


def test_returned_again_without_edits_on_the_phone_simply_replaces_it(store):
    _pull(store, _returned())
    _pull(store, _returned(rev="5-aa", comment="还有第3项"), cp="cp-3")
    head = inspections.header(store, _returned()["_id"])
    assert head["state"] == "returned" and head["base_rev"] == "5-aa"
    assert inspections.review(head)["comment"] == "还有第3项" and conflict(store, head["inspection_id"]) is None


def test_returned_again_after_the_inspector_edited_keeps_both_for_a_choice(store):
    doc = _returned()
    _pull(store, doc)
    inspections.set_answer(store, doc["_id"], "item-03", "na", LATER, note="不适用")
    newer = copy.deepcopy(_returned(rev="5-aa", comment="还有第3项"))
    newer["answers"]["item-04"]["value"] = "no"  # the supervisor corrected something meanwhile
    _pull(store, newer, cp="cp-3")
    assert inspections.header(store, doc["_id"])["state"] == "conflict"
    both = conflict(store, doc["_id"])
    assert both["server_rev"] == "5-aa" and both["server"]["answers"]["item-04"]["value"] == "no"
    assert both["phone"]["answers"]["item-03"] == {"value": "na", "note": "不适用", "answered_at": LATER}
    _pull(store, newer, cp="cp-4")  # the same set again changes nothing: still waiting for the choice
    assert inspections.header(store, doc["_id"])["state"] == "conflict"


def test_a_resubmitted_one_still_queued_when_it_is_returned_again_keeps_both(store):
    doc = _returned()
    _pull(store, doc)
    inspections.set_answer(store, doc["_id"], "item-03", "na", LATER)
    queue.submit(store, doc["_id"], LATER)
    _pull(store, doc, cp="cp-3")  # the same revision again: the queued edit stays queued
    assert queue.waiting_count(store) == 1
    _pull(store, _returned(rev="6-bb", comment="再看"), cp="cp-4")
    assert inspections.header(store, doc["_id"])["state"] == "conflict" and queue.waiting_count(store) == 0
    assert conflict(store, doc["_id"])["phone"]["client"]["revision"] == 4


def test_one_no_longer_returned_is_no_longer_the_phones_to_edit(store):
    _pull(store, _returned())
    _pull(store, cp="cp-3")
    assert inspections.header(store, _returned()["_id"])["state"] == "sent"
