"""A venue row's two lines are cut to the row's width before they are drawn (rows are one height)."""

from mobile_app.kora_app.screens.line_fit import ems, fitted


def test_a_line_that_fits_is_kept_whole_and_a_longer_one_is_cut_with_an_ellipsis():
    assert fitted("示例银行城关支行", room=8 * 40, em=40) == "示例银行城关支行"
    assert fitted("示例银行城关支行北京中路", room=8 * 40, em=40) == "示例银行城关支…"


def test_tibetan_vowels_and_subjoined_letters_take_no_width_and_a_tsheg_half():
    assert ems("\u0f7a") == ems("\u0f92") == 0.0  # the vowel e, a subjoined ga
    assert ems("\u0f0b") == 0.5 and ems("\u0f51") == 1.0
    name = "དཔེ་མཚོན་དངུལ་ཁང་།"  # 10 letters, 4 tshegs, a shad: 12.5 ems
    assert fitted(name, room=12.5 * 40, em=40) == name
    assert fitted(name, room=12 * 40, em=40).endswith("…")
