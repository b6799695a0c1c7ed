from mobile_app.kora_app.screens.scripts import HAN, LATIN, TIBETAN, Run, has_tibetan, split_runs


def test_a_mixed_line_is_cut_where_the_script_changes():
    assert split_runs("ཞིབ་བཤེར 检查 2026") == [Run("ཞིབ་བཤེར", TIBETAN), Run(" 检查 2026", HAN)]


def test_spaces_between_tibetan_words_stay_tibetan():
    assert split_runs("བསྒྲུབས སྤྱི 检查") == [Run("བསྒྲུབས སྤྱི", TIBETAN), Run(" 检查", HAN)]
    assert split_runs("检查 སྤྱི  ") == [Run("检查 ", HAN), Run("སྤྱི  ", TIBETAN)]


def test_runs_joined_give_the_text_back():
    text = " 2026 ཞིབ་བཤེར，检查。 abc སྤྱི\n"
    assert "".join(run.text for run in split_runs(text)) == text


def test_digits_latin_and_chinese_punctuation_go_to_the_chinese_font():
    assert split_runs("2026 ཞིབ་བཤེར，ok") == [
        Run("2026 ", LATIN), Run("ཞིབ་བཤེར", TIBETAN), Run("，ok", HAN)]


def test_leading_spaces_join_the_first_run():
    assert split_runs("  སྤྱི") == [Run("  སྤྱི", TIBETAN)]
    assert split_runs(" 检查") == [Run(" 检查", HAN)]
    assert split_runs("   ") == [Run("   ", LATIN)]
    assert split_runs("") == []


def test_stacks_vowel_signs_and_tsheg_stay_in_one_tibetan_run():
    word = "འཕྲོད་བསྟེན་བསྒྲུབས།"
    assert split_runs(word) == [Run(word, TIBETAN)]
    assert has_tibetan(word) and not has_tibetan("检查 2026")
