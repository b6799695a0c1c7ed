"""A draft's answers, notes and signature strokes, each durable when given, read back as the protocol's document."""

import pytest

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.store.errors import NotEditable, NotFound, TemplateMissing
from services.common.schemas import validate


def _draft(store):
    return inspections.start(store, venue=catalog.venue(store, "v0"), template_id="bank-basic",
                             template_version=1, inspector="dolma", now=NOW, device="android-7f3a")


def test_answers_notes_strokes_survive_reopening_and_make_a_schema_valid_inspection(store, template, tmp_path):
    draft = _draft(store)
    inspections.set_answer(store, draft, "item-02", "no", "2026-05-04T10:01:00Z", note="只有电子表格")
    inspections.set_answer(store, draft, "item-01", {"choice": "x"}, NOW)
    inspections.set_answer(store, draft, "item-01", "yes", "2026-05-04T10:02:00Z")  # changed the answer
    inspections.set_position(store, draft, "finished", {"lat": 29.65, "lon": 91.17, "accuracy_m": 8,
                                                         "captured_at": NOW, "source": "device"}, None, NOW)
    inspections.set_signer(store, draft, "次仁", "网点主任", NOW)
    inspections.add_stroke(store, draft, [[10, 20], [11.5, 22]], {"width": 600, "height": 200}, NOW)
    assert inspections.add_stroke(store, draft, [[30, 40]], {"width": 600, "height": 200}, NOW) == 1
    path = store.path
    store.close()
    with Store(path) as reopened:
        doc = inspections.document(reopened, draft, finished_at="2026-05-04T10:30:00Z")
    assert doc["answers"]["item-01"] == {"value": "yes", "answered_at": "2026-05-04T10:02:00Z"}
    assert doc["answers"]["item-02"]["note"] == "只有电子表格"
    assert doc["signature"]["strokes"] == [[[10, 20], [11.5, 22]], [[30, 40]]]
    assert doc["client"] == {"revision": 1, "updated_at": NOW, "device": "android-7f3a"}
    assert doc["gps_finished"]["accuracy_m"] == 8 and "gps" not in doc  # started with no position
    validate("inspection", doc)


def test_a_draft_needs_the_exact_template_version_on_the_phone(store):
    with pytest.raises(TemplateMissing):
        inspections.start(store, venue=catalog.venue(store, "v0"), template_id="bank-basic",
                          template_version=7, inspector="dolma", now=NOW)


def test_a_queued_inspection_cannot_be_edited_and_an_unknown_one_is_named(store):
    draft = _draft(store)
    with store.transaction() as db:
        db.execute("UPDATE inspections SET state = 'queued' WHERE inspection_id = ?", (draft,))
    with pytest.raises(NotEditable):
        inspections.set_answer(store, draft, "item-01", "yes", NOW)
    with pytest.raises(NotFound):
        inspections.set_answer(store, "nope", "item-01", "yes", NOW)
    with pytest.raises(NotFound, match="answer it before adding a note"):
        inspections.set_note(store, _draft(store), "item-01", "x", NOW)
