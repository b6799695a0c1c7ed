from services.notices.pdf.scripts import clean, pieces, script_runs, split_wide


def test_tibetan_breaks_only_after_a_syllable():
    text = "ཞིབ་བཤེར་བྱེད་སྐབས་ཡོད་དགོས། རང་སྤྱོད།"
    assert pieces(text) == ["ཞིབ་", "བཤེར་", "བྱེད་", "སྐབས་", "ཡོད་", "དགོས། ", "རང་", "སྤྱོད།"]


def test_the_non_breaking_tsheg_does_not_break():
    assert pieces("ང༌།ཀ་") == ["ང༌།", "ཀ་"]


def test_chinese_breaks_between_characters_and_punctuation_stays_with_its_neighbour():
    assert pieces("接受现金，（不得）拒收。") == [
        "接",
        "受",
        "现",
        "金，",
        "（不",
        "得）",
        "拒",
        "收。",
    ]


def test_latin_words_and_numbers_stay_whole():
    assert pieces("No. 540102-2026-0001 通知") == ["No. ", "540102-2026-0001 ", "通", "知"]


def test_a_closing_bracket_after_tibetan_stays_on_its_line():
    assert pieces("ཁྲིན་ཀོན་ཁུལ།（城关区）") == ["ཁྲིན་", "ཀོན་", "ཁུལ།", "（城", "关", "区）"]


def test_pieces_join_back_to_the_text():
    for text in ["<b>Bank & Co</b> <script>", "  ཀ་ 中 a  b ", "ཨོཾ་མ་ཎི་པདྨེ་ཧཱུྃ།"]:
        assert "".join(pieces(text)) == text


def test_a_wide_piece_is_cut_between_stacks_never_inside_one():
    assert split_wide("བསྒྲུབས") == ["བ", "སྒྲུ", "བ", "ས"]
    assert split_wide("ABC") == ["A", "B", "C"]


def test_script_runs_keep_spaces_with_the_run_before_them():
    assert script_runs("ཀ་ཁ 中文 ག") == [(True, "ཀ་ཁ "), (False, "中文 "), (True, "ག")]


def test_typed_text_is_cleaned_to_what_can_be_printed():
    assert clean("a\r\nb\rc\td\u00a0e") == "a\nb\nc d e"
    assert clean("ཀ་\u200bཁ་\u200d\x07") == "ཀ་ཁ་"
    assert clean("中\u3000文") == "中\u3000文"  # the ideographic space is Chinese typing
