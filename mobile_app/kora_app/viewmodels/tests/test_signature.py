"""The signature pad's model: the name and strokes are kept at once and make the signature whole."""

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.outbox import queue
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.viewmodels.signature import SignatureViewModel


def test_name_and_strokes_are_kept_and_clear_removes_the_strokes(store):
    draft = inspections.start(store, venue=catalog.venue(store, "v0"), template_id="bank-basic",
                              template_version=1, inspector="dolma", now=NOW)
    model = SignatureViewModel(store, draft, clock=lambda: NOW)
    assert not model.signed
    assert model.set_name(" 次仁 ") and model.name == "次仁"
    assert model.add_stroke([[10, 10], [50, 40], [90, 12]], 600, 300) and model.signed
    assert not [p for p in queue.problems(store, draft) if p["code"] == "signature_required"]
    again = SignatureViewModel(store, draft)
    assert again.strokes == [[[10, 10], [50, 40], [90, 12]]]
    assert again.clear() and not again.signed and again.name == "次仁"
