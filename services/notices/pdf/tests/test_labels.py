import re

from services.catalog.policy import TITLES
from services.notices.pdf import labels
from services.notices.pdf.labels import Bilingual

TIBETAN_OR_NEUTRAL = re.compile(r"^[\u0F00-\u0FFF0-9 {}/（）.\-—:a-z_]+$")


def _all_labels():
    for name, value in vars(labels).items():
        if isinstance(value, Bilingual):
            yield name, value
        elif isinstance(value, dict):
            yield from ((f"{name}[{k}]", v) for k, v in value.items() if isinstance(v, Bilingual))


def test_every_label_has_tibetan_and_chinese():
    for name, label in _all_labels():
        assert label.bo and label.zh, name
        assert TIBETAN_OR_NEUTRAL.match(label.bo.replace("{portal}", "")), name
        assert re.search(r"[\u4e00-\u9fff]", label.zh) or label.zh == "—", name


def test_every_policy_document_has_its_title_in_both():
    assert set(labels.DOCUMENTS) == set(TITLES)
    assert all(labels.DOCUMENTS[k].zh == TITLES[k] for k in TITLES)


def test_formats_and_dates():
    assert labels.WITHIN_DAYS.format(days=7) == Bilingual("ཉིན་7ནང་།", "7日内")
    assert labels.date_text(2026, 5, 11) == Bilingual("སྤྱི་ལོ་2026 ཟླ་5 ཚེས་11", "2026年5月11日")
