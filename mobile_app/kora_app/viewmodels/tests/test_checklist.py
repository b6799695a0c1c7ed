"""The checklist screen's model: sections, progress, the current item with guidance and legal basis."""

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.message import Message
from mobile_app.kora_app.photos.tests.test_camera import camera_jpeg
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.viewmodels.checklist import ChecklistViewModel


def _draft(store):
    return inspections.start(store, venue=catalog.venue(store, "v0"), template_id="bank-basic",
                             template_version=1, inspector="dolma", now=NOW)


def test_answers_move_progress_are_saved_at_once_and_the_model_reopens_where_it_stopped(store):
    draft = _draft(store)
    model = ChecklistViewModel(store, draft, clock=lambda: NOW)
    seen = []
    model.bind(lambda m: seen.append(m.progress["answered"]))
    assert model.progress == {"answered": 0, "total": 60} and len(model.sections) == 10
    item = model.current
    assert item["id"] == "item-01" and item["requirement"].startswith("是否保留现金服务窗口")
    assert item["guidance"] == "查看营业厅现场" and item["legal_basis"][0]["document"] == "safeguard-2021"
    assert model.answer("yes") and seen == [1]
    model.next()
    assert model.answer("no") and model.current["finding"] and model.current["photo_needed"]
    assert model.note("柜台关闭") and model.add_photo(camera_jpeg((800, 600), 1))
    assert not model.current["photo_needed"] and len(model.current["photos"]) == 1
    assert model.sections[0]["answered"] == 2

    path = store.path
    store.close()
    with Store(path) as reopened:
        again = ChecklistViewModel(reopened, draft)
        assert again.current["id"] == "item-03" and again.item("item-02")["note"] == "柜台关闭"


def test_bound_to_tibetan_the_item_reads_in_tibetan(store):
    store.set_setting("language", "bo")
    model = ChecklistViewModel(store, _draft(store))
    assert model.current["requirement"].startswith("རྒན་པ་") and model.sections[0]["title"].startswith("ལེ་ཚན")


def test_a_failure_is_kept_as_the_error_for_the_screen_and_nothing_is_saved(store):
    draft = _draft(store)
    model = ChecklistViewModel(store, draft)
    assert not model.note("before any answer")
    assert model.error.code == "not_found" and model.error.message == Message("error:not_found")
    assert inspections.answers(store, draft) == {}


def test_a_choice_is_kept_in_the_form_the_server_takes_and_the_draft_passes_the_shared_rules(store):
    from schemas.rules.answers import answer_problems
    from tests.support.templates import template as kinds_template

    kinds = kinds_template(template_id="bank-kinds", status="published")
    catalog.apply_pull(store, {"templates": [kinds]}, "cp-2", NOW)
    draft = inspections.start(store, venue=catalog.venue(store, "v0"), template_id="bank-kinds",
                              template_version=1, inspector="dolma", now=NOW)
    model = ChecklistViewModel(store, draft, clock=lambda: NOW)
    assert model.answer("present", "bank.help.glasses") and model.answer(2, "bank.cash.windows")
    answers = inspections.answers(store, draft)
    assert answers["bank.help.glasses"]["value"] == {"choice": "present"}
    assert model.item("bank.help.glasses")["value"] == "present"  # the option shown as chosen
    assert answer_problems(kinds, {k: v for k, v in answers.items() if k.startswith("bank.")}) == []
