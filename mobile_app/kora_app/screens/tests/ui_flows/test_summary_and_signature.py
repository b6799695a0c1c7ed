"""Summary and signature in the real window: submit is refused while something is missing, each
problem is one tap from its item, the representative signs with a finger, then it is submitted."""

from __future__ import annotations

from mobile_app.kora_app.screens.tests.ui_flows.test_inspection_screens import (  # noqa: F401
    phone,
    screen,
    sign_in,
)
from mobile_app.kora_app.screens.tests.window import drag, frames, screenshot, tap, type_text
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.viewmodels.checklist import ChecklistViewModel

REPRESENTATIVE = "次仁卓玛"


def nearly_done(store) -> str:
    """A draft with every item answered but item-07 (as an earlier session left it)."""
    draft = inspections.start(store, venue=catalog.venue(store, "v0"), template_id="bank-basic",
                              template_version=1, inspector="dolma", now="2026-05-04T10:00:00Z")
    model = ChecklistViewModel(store, draft)
    for _, item in model.order:
        if item["id"] != "item-07":
            model.answer("yes", item["id"])
    return draft


def test_problems_lead_to_their_item_and_the_signature_then_it_is_submitted(phone, store):  # noqa: F811
    draft = nearly_done(store)
    sign_in(phone)
    home = screen(phone, "home")
    (row,) = [r for r in home.ids.rows.children if "示例银行城关支行" in r.text]
    tap(row)
    tap(screen(phone, "checklist").ids.summary)

    summary = screen(phone, "summary")
    assert summary.ids.score.text == "得分：100.0" and summary.ids.submit.disabled
    problems = [r.text for r in reversed(summary.ids.rows.children)]
    assert problems == ["提交前还需完成：2 处", "第 item-07 项还没有回答", "场所负责人还没有签名"]
    screenshot("screen-summary-zh")
    tap(summary.ids.submit)
    assert inspections.header(store, draft)["state"] == "draft"

    tap(list(reversed(summary.ids.rows.children))[1])
    checklist = screen(phone, "checklist")
    assert checklist.model.current["id"] == "item-07" and checklist.ids.progress.text == "进度：59 / 60"
    tap(checklist.ids.answers.children[-1])  # yes, the first of the three
    tap(checklist.ids.summary)
    summary = screen(phone, "summary")
    tap(list(reversed(summary.ids.rows.children))[1])  # the signature problem

    signature = screen(phone, "signature")
    assert signature.ids.state.text == "尚未签名"
    tap(signature.ids.name)
    type_text(REPRESENTATIVE)
    tap(signature.ids.save_name)
    drag(signature.ids.pad, [(0.1, 0.5), (0.3, 0.8), (0.5, 0.3), (0.7, 0.7), (0.9, 0.4)])
    assert signature.ids.state.text == "已签名"
    screenshot("screen-signature-zh")
    kept = inspections.signature(store, draft)
    assert kept["name"] == REPRESENTATIVE and len(kept["strokes"]) == 1 and len(kept["strokes"][0]) >= 5
    assert kept["pad"] == {"width": int(signature.ids.pad.width), "height": int(signature.ids.pad.height)}

    tap(signature.ids.back)
    summary = screen(phone, "summary")
    assert not summary.ids.submit.disabled and summary.ids.rows.children == []
    tap(summary.ids.submit)
    assert summary.ids.state.text == "已提交，等待发送" and inspections.header(store, draft)["state"] == "queued"
    tap(summary.ids.home)
    assert screen(phone, "home").ids.waiting.text == "等待发送：1 份"


def test_the_summary_in_tibetan(phone, store):  # noqa: F811
    store.set_setting("language", "bo")
    draft = nearly_done(store)
    phone.open_store(store, "http://127.0.0.1:9")
    frames()
    sign_in(phone)
    phone.show_summary(draft)
    frames()
    summary = screen(phone, "summary")
    assert summary.ids.submit.text == "ཕུལ་བ།" and summary.ids.state.text == "ཟིན་བྲིས།"
    assert [r.text for r in reversed(summary.ids.rows.children)][1] == "རྣམ་གྲངས་ item-07 ལན་མ་བཏབ།"
    screenshot("screen-summary-bo")
    tap(summary.ids.sign)
    screenshot("screen-signature-bo")
    assert screen(phone, "signature").ids.state.text == "ད་དུང་མིང་རྟགས་བཀོད་མེད།"
