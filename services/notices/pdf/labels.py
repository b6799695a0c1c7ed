"""Every fixed text of a notice, in Tibetan and Chinese.

The Chinese is the source. The Tibetan texts are drafts (like the catalog's ``bo_status: draft``):
written with care, to be checked by a native speaker before notices go out (docs/notices.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.catalog.policy import TITLES


@dataclass(frozen=True)
class Bilingual:
    bo: str
    zh: str

    def format(self, **values: object) -> Bilingual:
        return Bilingual(self.bo.format(**values), self.zh.format(**values))


TITLE = Bilingual("བཅོས་སྒྲིག་བརྡ་ཐོ།", "整改通知书")
NUMBER = Bilingual("བརྡ་ཐོའི་ཨང་རྟགས།", "通知书编号")
ISSUER = Bilingual("བརྡ་ཐོ་གཏོང་མཁན་ལས་ཁུངས།", "发文机关")
ISSUED = Bilingual("བརྡ་ཐོ་བཏང་བའི་ཚེས་གྲངས།", "发出日期")
VENUE = Bilingual("ཞབས་ཞུའི་ས་ཚིགས།", "场所名称")
ADDRESS = Bilingual("ས་གནས།", "地址")
OPERATOR = Bilingual("འཛིན་སྐྱོང་བྱེད་མཁན།", "经营单位")
INSPECTED = Bilingual("ཞིབ་བཤེར་གྱི་ཚེས་གྲངས།", "检查日期")
INSPECTORS = Bilingual("ཞིབ་བཤེར་བ།", "检查人员")
NOT_GIVEN = Bilingual("—", "—")

INTRODUCTION = Bilingual(
    "ཞིབ་བཤེར་བྱས་པར་གཞིགས་ན། ཁྱེད་ཀྱི་ས་ཚིགས་སུ་གཤམ་གསལ་གྱི་རྣམ་གྲངས་དེ་དག་བོད་རང་སྐྱོང་ལྗོངས་ཀྱི་"
    "ལས་གཞིའི་བླང་བྱ་དང་མི་མཐུན་པས། དུས་བཀག་ནང་བཅོས་སྒྲིག་བྱེད་རོགས།",
    "经检查，你单位存在下列不符合西藏自治区有关方案要求的问题，请在期限内整改。",
)
FINDINGS = Bilingual("བཅོས་སྒྲིག་བྱ་དགོས་པའི་རྣམ་གྲངས།", "需整改的问题")
COLUMN_NUMBER = Bilingual("ཨང་།", "序号")
COLUMN_REQUIREMENT = Bilingual("བཅོས་སྒྲིག་གི་བླང་བྱ།", "整改要求")
COLUMN_BASIS = Bilingual("གཞི་རྟེན།", "依据")
COLUMN_DEADLINE = Bilingual("དུས་བཀག", "整改期限")
NOTE = Bilingual("ཞིབ་བཤེར་ཟིན་ཐོ།", "检查记录")
NOTE_BELOW = Bilingual("ཞིབ་བཤེར་ཟིན་ཐོ་རེའུ་མིག་གི་འོག་ཏུ་གསལ།", "检查记录见表后")
CLAUSE = Bilingual("ས་བཅད་{section} ཚན་པ་{item}", "{section}第{item}项")
WITHIN_DAYS = Bilingual("ཉིན་{days}ནང་།", "{days}日内")
SEVERITY = {
    "critical": Bilingual("ཚབས་ཆེན།", "严重"),
    "major": Bilingual("ཚབས་ཆེ་བ།", "较重"),
    "minor": Bilingual("ཚབས་ཆུང་།", "轻微"),
}

ANSWER = Bilingual("ལན་འདེབས་ཐབས།", "如何答复")
ANSWER_TEXT = Bilingual(
    "དུས་བཀག་ནང་བཅོས་སྒྲིག་ལེགས་གྲུབ་བྱས་རྗེས། བརྡ་ཐོའི་ཨང་རྟགས་དང་འཚོལ་ཞིབ་ཨང་རྟགས་བཀོལ་ནས་"
    "{portal} ལ་འཛུལ་ཏེ་བཅོས་སྒྲིག་གི་གནས་ཚུལ་སྤྲོད་རོགས། ཡང་ན་ཡི་གེའི་ཐོག་ནས་བརྡ་ཐོ་གཏོང་མཁན་"
    "ལས་ཁུངས་ལ་ལན་འདེབས་རོགས།",
    "请在期限内完成整改，并凭通知书编号和查询码登录 {portal} 提交整改情况，"
    "或以书面形式答复发文机关。",
)
ACCESS_CODE = Bilingual("འཚོལ་ཞིབ་ཨང་རྟགས།", "查询码")
VERIFY = Bilingual("བརྡ་ཐོ་འདི་བདེན་མིན་ར་སྤྲོད།", "核验本通知书")
SEAL = Bilingual("ལས་ཁུངས་ཀྱི་ཐམ་ག", "发文机关（盖章）")
PAGE = Bilingual("ཤོག་ངོས་{page}/{pages}", "第{page}页 共{pages}页")

_DOCUMENTS_BO = {
    "safeguard-2021": "བོད་རང་སྐྱོང་ལྗོངས་ཀྱི་རྒན་པའི་སྲོལ་རྒྱུན་ཞབས་ཞུ་འགན་ལེན་ཁག་ཐེག་ལས་གཞི།（2021.1.4）",
    "implementation-2021": (
        "བོད་རང་སྐྱོང་ལྗོངས་ཀྱི་རྒན་པས་རིག་ནུས་ལག་རྩལ་བཀོལ་སྤྱོད་བྱེད་པའི་དཀའ་ངལ་ཐག་གཅོད་ལག་བསྟར་ལས་གཞི།（2021-2022）"
    ),
}
# The policy documents' titles: Chinese as services/catalog/policy.py has them.
DOCUMENTS = {key: Bilingual(_DOCUMENTS_BO[key], TITLES[key]) for key in TITLES}


def date_text(year: int, month: int, day: int) -> Bilingual:
    return Bilingual(f"སྤྱི་ལོ་{year} ཟླ་{month} ཚེས་{day}", f"{year}年{month}月{day}日")
