from fontTools.ttLib import TTFont

from mobile_app.kora_app.screens.fonts import CJK_FACE_NAME, chinese_face, find_font_files
from mobile_app.kora_app.screens.scripts import split_runs

TEXTS = ["བསྒྲུབས", "སྤྱི", "འཕྲོད་བསྟེན", "ཞིབ་བཤེར", "ཞིབ་བཤེར 检查 2026", "养老服务，直骨。"]


def test_the_chinese_face_is_taken_out_of_the_collection_once(tmp_path):
    path = chinese_face(tmp_path)
    assert TTFont(path)["name"].getDebugName(1) == CJK_FACE_NAME
    mtime = path.stat().st_mtime_ns
    assert chinese_face(tmp_path) == path and path.stat().st_mtime_ns == mtime


def test_every_character_of_a_run_is_in_its_font(tmp_path):
    files = find_font_files(tmp_path)
    tibetan_map = TTFont(files.tibetan).getBestCmap()
    chinese_map = TTFont(files.chinese).getBestCmap()
    for text in TEXTS:
        for run in split_runs(text):
            cmap = tibetan_map if run.is_tibetan else chinese_map
            assert [c for c in run.text if ord(c) not in cmap] == [], (text, run)
