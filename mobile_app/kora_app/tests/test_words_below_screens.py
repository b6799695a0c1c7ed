"""Below the screens the app says things as Messages, never in Chinese or Tibetan of its own:
the screens say them in the language the inspector chose (screens/i18n.py)."""

from mobile_app.kora_app.message import Message, duration
from mobile_app.kora_app.tests.messages_in_code import APP, messages_made, production_files, words_in_code


def test_no_chinese_or_tibetan_words_below_the_screens():
    assert words_in_code() == []


def test_the_reading_covers_the_layers_that_used_to_hold_chinese():
    read = {str(p.relative_to(APP)) for p in production_files()}
    assert {"signin/session.py", "viewmodels/settings.py", "viewmodels/sync_status.py", "viewmodels/venues.py",
            "store/errors.py", "outbox/worker.py", "outbox/queue.py"} <= read
    assert not any(part.startswith(("screens/", "tests/")) or "/tests/" in part for part in read)


def test_the_readings_find_what_they_look_for(tmp_path):
    (tmp_path / "sample.py").write_text(
        '"""Docstrings may quote 用户名 for the reader."""\n'
        "from kora_app.message import Message\n"
        "from kora_app import message\n\n"
        "LABEL = '检查'\n"
        "def f(n, code, extra):\n"
        "    said = f'{n} སྐར་མ'\n"
        "    return [Message('error:x', count=n), message.Message(code), Message('error:y', **extra)]\n",
        encoding="utf-8")
    assert words_in_code(tmp_path) == ["sample.py:5", "sample.py:7"]
    made = [(m.where, m.id, m.params) for m in messages_made(tmp_path)]
    assert made == [("sample.py:8", "error:x", frozenset({"count"})), ("sample.py:8", None, frozenset()),
                    ("sample.py:8", "error:y", None)]


def test_a_message_is_its_id_and_values():
    assert Message("error:unsent_work", count=2) == Message("error:unsent_work", count=2)
    assert Message("error:unsent_work", count=2) != Message("error:unsent_work", count=3)
    assert str(Message("error:unsent_work", count=2)) == "error:unsent_work(count=2)"


def test_a_wait_reads_in_seconds_under_a_minute_else_in_minutes_rounded_up():
    assert duration(0.2) == Message("duration:seconds", count=1)
    assert duration(30) == Message("duration:seconds", count=30)
    assert duration(59.5) == Message("duration:minutes", count=1)
    assert duration(60) == Message("duration:minutes", count=1)
    assert duration(61) == Message("duration:minutes", count=2)
    assert duration(1800) == Message("duration:minutes", count=30)
