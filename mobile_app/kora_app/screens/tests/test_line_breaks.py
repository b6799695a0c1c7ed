from mobile_app.kora_app.screens.line_breaks import pieces, wrap


def test_tibetan_breaks_after_tsheg_and_shad_only():
    assert pieces("འཕྲོད་བསྟེན་ཞིབ་བཤེར།") == ["འཕྲོད་", "བསྟེན་", "ཞིབ་", "བཤེར།"]


def test_a_shad_and_a_non_breaking_tsheg_stay_with_their_syllable():
    assert pieces("ཞིབ་བཤེར། ང༌ཡིན") == ["ཞིབ་", "བཤེར། ", "ང༌ཡིན"]


def test_chinese_breaks_between_ideographs_but_not_before_closing_punctuation():
    assert pieces("检查，养老（服务）") == ["检", "查，", "养", "老", "（服", "务）"]


def test_digits_and_latin_break_at_spaces_and_stay_with_the_chinese_after_them():
    assert pieces("2026年 ok 检查") == ["2026年 ", "ok ", "检", "查"]


def test_between_scripts():
    assert pieces("ཞིབ་བཤེར检查") == ["ཞིབ་", "བཤེར", "检", "查"]


def test_wrap_fills_lines_and_drops_the_spaces_where_it_wraps():
    def measure(s):
        return len(s)

    assert wrap("ཞིབ་བཤེར་ཞིབ་བཤེར", 9, measure) == "ཞིབ་བཤེར་\nཞིབ་བཤེར"
    assert wrap("ab cd ef", 5, measure) == "ab cd\nef"
    assert wrap("检查养老服务", 4, measure) == "检查养老\n服务"
    assert wrap("一\n二三", 1, measure) == "一\n二\n三"


def test_a_piece_wider_than_the_line_stays_whole():
    assert wrap("བསྒྲུབས་ab", 3, len) == "བསྒྲུབས་\nab"
