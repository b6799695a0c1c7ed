"""Every word the screens ask the catalogs for is there in Chinese and in Tibetan."""

import re
from pathlib import Path

import pytest

from mobile_app.kora_app.location import sources
from mobile_app.kora_app.outbox import refusals
from mobile_app.kora_app.screens import i18n
from mobile_app.kora_app.store import positions

SCREENS = Path(i18n.__file__).parent
ASKED = re.compile(r"""\b(?:tr|N_)\(\s*(?:"([^"]+)"|'([^']+)')\s*[,)]""")


def asked_for() -> set[str]:
    found = set()
    for path in [*SCREENS.glob("*.py"), *SCREENS.glob("*.kv")]:
        found |= {a or b for a, b in ASKED.findall(path.read_text(encoding="utf-8"))}
    return found


def test_the_screens_ask_for_words():
    assert {"Sign in", "Home", "Find a venue", "Yes", "Legal basis"} <= asked_for()


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_word_asked_for_is_in_the_catalog(language):
    assert sorted(asked_for() - set(i18n.catalog(language))) == []


# Words asked for by a prefix and a view-model's code: every state and every submission problem,
# every reason the server did not take an inspection, every position's source and why one is missing.
STATES = ("draft", "returned", "queued", "sent", "conflict", "refused")
PROBLEMS = ("answer_required", "photo_required", "photo_missing", "signature_required")
MISSING_POSITIONS = (sources.NOT_CONFIGURED, sources.WAITING, sources.GPS_OFF, sources.NOT_PERMITTED,
                     sources.UNAVAILABLE, positions.NOT_RECORDED)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_state_and_problem_has_its_words(language):
    wanted = ({f"state:{s}" for s in STATES} | {f"problem:{p}" for p in PROBLEMS}
              | {f"refused:{r}" for r in refusals.REASONS} | {f"position_missing:{m}" for m in MISSING_POSITIONS}
              | {"source:device", "source:settings"})
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
