"""Every word the screens ask the catalogs for, and every Message the code below them makes, is
there in Chinese and in Tibetan, with the places its values go into."""

import re
from pathlib import Path

import pytest

from mobile_app.kora_app.location import sources
from mobile_app.kora_app.message import Message, duration
from mobile_app.kora_app.outbox import refusals
from mobile_app.kora_app.screens import i18n
from mobile_app.kora_app.store import positions
from mobile_app.kora_app.tests.messages_in_code import messages_made
from schemas.rules.venues import VENUE_TYPES

SCREENS = Path(i18n.__file__).parent
ASKED = re.compile(r"""\b(?:tr|N_)\(\s*(?:"([^"]+)"|'([^']+)')\s*[,)]""")


def asked_for() -> set[str]:
    found = set()
    for path in [*SCREENS.glob("*.py"), *SCREENS.glob("*.kv")]:
        found |= {a or b for a, b in ASKED.findall(path.read_text(encoding="utf-8"))}
    return found | {made.id for made in messages_made() if made.id}


def test_the_screens_and_the_code_below_them_ask_for_words():
    assert {"Sign in", "Home", "Find a venue", "Yes", "Legal basis"} <= asked_for()
    assert {"error:disk_full", "error:unsent_work", "advice:network", "headline:all_sent",
            "duration:minutes", "error:wait_before_trying"} <= asked_for()


def test_every_message_is_made_with_its_id_and_values_written_out():
    """So that reading the code finds every id, and the places of its words can be checked."""
    made = messages_made()
    assert len(made) > 20
    assert [m.where for m in made if m.id is None or m.params is None] == []


def test_every_message_fills_exactly_the_places_of_its_words():
    for made in messages_made():
        for language in i18n.LANGUAGES:
            places = set(re.findall(r"{(\w+)}", i18n.catalog(language)[made.id]))
            assert places == made.params, (made.where, language)


def test_a_message_is_said_in_the_chosen_language_with_its_values_said_too():
    wait = Message("error:wait_before_trying", wait=duration(150))
    assert i18n.say(wait, "zh") == "用户名或密码错了太多次：请等 3 分钟后再试。"
    assert i18n.say(wait, "bo") == "མིང་ངམ་གསང་ཨང་ཐེངས་མང་པོ་ནོར་སོང་། སྐར་མ་ 3 སྒུག་རྗེས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་།"
    assert i18n.say(None, "bo") == ""


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_word_asked_for_is_in_the_catalog(language):
    assert sorted(asked_for() - set(i18n.catalog(language))) == []


# Words asked for by a prefix and a view-model's code: every state and every submission problem,
# every reason the server did not take an inspection, every position's source and why one is missing.
STATES = ("draft", "returned", "queued", "sent", "conflict", "refused")
PROBLEMS = ("answer_required", "photo_required", "photo_missing", "signature_required")
MISSING_POSITIONS = (sources.NOT_CONFIGURED, sources.WAITING, sources.GPS_OFF, sources.NOT_PERMITTED,
                     sources.UNAVAILABLE, positions.NOT_RECORDED)
REINSPECTION_STATES = ("unchecked", "fixed", "still_failing")


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_state_and_problem_has_its_words(language):
    wanted = ({f"state:{s}" for s in STATES} | {f"problem:{p}" for p in PROBLEMS}
              | {f"refused:{r}" for r in refusals.REASONS} | {f"position_missing:{m}" for m in MISSING_POSITIONS}
              | {"source:device", "source:settings"} | {f"reinspection:{s}" for s in REINSPECTION_STATES})
    wanted |= {f"venue_type:{t}" for t in VENUE_TYPES} | {"error:venue_refused"}
    assert sorted(wanted - set(i18n.catalog(language))) == []


def test_both_catalogs_hold_the_same_words_with_the_same_places():
    zh, bo = i18n.catalog("zh"), i18n.catalog("bo")
    assert set(zh) == set(bo)
    for msgid in zh:
        assert re.findall(r"{\w+}", zh[msgid]) == re.findall(r"{\w+}", bo[msgid]), msgid
    assert all(re.search("[\u0f00-\u0fff]", text) for text in bo.values())


def test_a_missing_word_fails_loudly():
    with pytest.raises(KeyError):
        i18n.tr("No such word", "bo")


def test_a_utc_stamp_reads_in_the_phones_own_time(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert i18n.local_time("2026-05-04T10:00:00Z") == "2026-05-04 18:00"
        assert i18n.local_time("not a time") == "not a time"
    finally:
        monkeypatch.undo()
        time.tzset()
