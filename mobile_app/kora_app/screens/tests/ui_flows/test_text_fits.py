"""Every screen's text fits the 720x1280 phone, in Chinese and Tibetan, at normal and large size.

Each screen is shown with its longer texts (an error, the rows of home and the summary, the
checklist's guidance open, the sync's advice) and checked by layout_check: no text spills over
its widget or is cut, no widget leaves its layout or the window, no two siblings overlap, and an
error just shown is in sight (not below the phone's edge in a scroll view). In
large text every screen is photographed (var/screenshots/app/screen-<name>-<language>-large.png,
copied to docs/screenshots/app/ for the README). The language, the text size and the window are
put back as they were for the tests that come after.
"""

from __future__ import annotations

import pytest

from mobile_app.kora_app.outbox.worker import WHAT_TO_DO, SyncReport
from mobile_app.kora_app.screens.tests.conftest import WINDOW_SIZE
from mobile_app.kora_app.screens.tests.layout_check import fit_problems, in_sight
from mobile_app.kora_app.screens.tests.ui_flows.test_inspection_screens import (  # noqa: F401
    PASSWORD,
    phone,
    screen,
    scroll_to,
    sign_in,
)
from mobile_app.kora_app.screens.tests.ui_flows.test_summary_and_signature import nearly_done
from mobile_app.kora_app.screens.tests.window import frames, screenshot, tap
from mobile_app.kora_app.screens.text_size import text_size
from mobile_app.kora_app.store import catalog
from mobile_app.kora_app.viewmodels.checklist import ChecklistViewModel
from mobile_app.kora_app.viewmodels.tests.test_signin import NO_SERVER

NOW = "2026-05-04T10:00:00Z"
COMMENT = {"zh": "请补拍现金柜台照片，并写明老年人引导员的姓名和值班时间",
           "bo": "དངུལ་ལོར་ཁ་ལོ་བའི་པར་ཡང་བསྐྱར་ལེན་རོགས། རྒན་པ་ལམ་སྟོན་པའི་མིང་དང་ལས་ཀའི་དུས་ཚོད་འབྲི་རོགས།"}


@pytest.fixture
def fitted_phone(phone):  # noqa: F811
    """The phone's app in the 720x1280 window; language, text size and window put back after."""
    from kivy.core.window import Window

    before = (tuple(Window.size), phone.language, text_size.large)
    assert before[0] == WINDOW_SIZE, f"an earlier test left the window at {before[0]}"
    yield phone
    Window.size = before[0]
    phone.language, text_size.large = before[1], before[2]
    frames()
    assert (tuple(Window.size), phone.language, text_size.large) == before


def returned_with_comment(store, language: str) -> None:
    """A returned inspection whose supervisor's comment is long, as the home screen lists it."""
    returned = {"_id": "7d444840-9dc0-11d1-b245-5ffdce74fad2", "_rev": "3-9c1f", "type": "inspection",
                "venue_id": "v1", "county_code": "540102", "inspector": "dolma",
                "template": {"id": "bank-basic", "version": 1}, "started_at": NOW, "finished_at": NOW,
                "answers": {"item-01": {"value": "yes"}}, "status": "returned",
                "signature": {"name": "次仁", "signed_at": NOW, "image": "a" * 64},
                "client": {"revision": 3, "updated_at": NOW},
                "review": {"comment": COMMENT[language], "by": "supervisor.lhasa", "at": NOW}}
    notice = {"_id": "notice:540102-2026-0012", "type": "notice", "venue_id": "v0", "status": "answered",
              "number": "藏城关整改〔2026〕第0012号", "deadline": "2026-06-03"}
    catalog.apply_pull(store, {"returned": [returned], "notices": [notice]}, "cp-2", NOW, inspector="dolma")


class Visit:
    """Shows the screens one after another and collects what does not fit on each."""

    def __init__(self, app, language: str, large: bool):
        self.app, self.language, self.large = app, language, large
        self.problems: dict[str, list[str]] = {}

    def check(self, name: str, root=None, photograph: bool = True) -> None:
        frames()
        root = root or self.app.root.current_screen
        found = fit_problems(root, WINDOW_SIZE)
        error = getattr(root, "ids", {}).get("error")
        if error is not None and error.text and not in_sight(error, WINDOW_SIZE):
            found.append(f"the error {error.text[:24]!r} is out of sight")
        if found:
            self.problems[name] = found
        if self.large and photograph:
            screenshot(f"screen-{name}-{self.language}-large")


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("language", ["zh", "bo"])
def test_every_screen_fits_the_phone(fitted_phone, store, language, large):
    app = fitted_phone
    store.set_setting("language", language)
    store.set_setting("large_text", large)
    draft = nearly_done(store)
    ChecklistViewModel(store, draft).answer("no", "item-01")  # a failure for the summary
    returned_with_comment(store, language)
    app.open_store(store, NO_SERVER)
    frames()
    assert app.language == language and text_size.large is large
    visit = Visit(app, language, large)

    sign_in(app, "not-" + PASSWORD)  # the error shows under the button
    assert screen(app, "signin").ids.error.text
    visit.check("signin")
    screen(app, "signin").ids.password.text = ""
    sign_in(app)
    app.stop_sync()  # the sync screen below is given its report by hand
    home = screen(app, "home")
    assert len(home.ids.rows.children) >= 6  # assignment, draft, returned with the comment
    visit.check("home")

    app.show_venues()
    visit.check("venues")

    app.show_checklist(draft)
    checklist = screen(app, "checklist")
    checklist.toggle_reference()
    visit.check("checklist")
    scroll_to(checklist, checklist.ids.answers)  # the answers and what follows them in sight
    visit.check("checklist-answers")
    checklist.choose_photo()
    frames()
    visit.check("photo", checklist.chooser)
    tap(checklist.chooser.cancel)

    app.show_summary(draft)
    summary = screen(app, "summary")
    assert summary.model.problems and summary.model.failures
    visit.check("summary")

    app.show_signature(draft)
    visit.check("signature")

    app.show_settings()
    settings = screen(app, "settings")
    settings.sign_out()  # refused: the draft is unsent, and the error says so
    assert settings.ids.error.text
    visit.check("settings")

    app.sync_status.update(SyncReport(state="needs_sign_in", waiting=1, bytes_sent=300 * 1024,
                                      bytes_to_send=600 * 1024, what_to_do=WHAT_TO_DO["needs_sign_in"],
                                      last_sync_at="2026-05-04T10:00:00Z"))
    app.show_sync()
    visit.check("sync")

    app.root.current = "demo"
    visit.check("demo", photograph=False)  # the same words in either language

    assert visit.problems == {}, "\n".join(f"{name}: {problem}" for name, found in visit.problems.items()
                                            for problem in found)
