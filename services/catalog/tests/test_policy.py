"""The policy texts cut into clauses, and citations checked against them."""

from services.catalog import policy
from tests.support.templates import template


def test_both_documents_are_cut_into_their_numbered_items_and_unnumbered_sections():
    keys = set(policy.clauses())
    safeguard = sorted(k[2] for k in keys if k[0] == "safeguard-2021" and k[2])
    implementation = sorted(k[2] for k in keys if k[0] == "implementation-2021" and k[2])
    assert safeguard == list(range(1, 17)) and implementation == list(range(1, 20))
    assert ("safeguard-2021", "二（四）", 9) in keys and ("implementation-2021", "二（四）", 10) in keys
    assert ("safeguard-2021", "三（二）", None) in keys and ("implementation-2021", "一（一）", None) in keys
    # a subsection title over numbered items is a heading, not a clause of its own
    assert ("safeguard-2021", "二（四）", None) not in keys


def test_a_sentence_broken_across_lines_and_pages_is_one_clause():
    # safeguard 1 starts "1.建立老年人" and goes on in the next line; implementation 1 is cut by
    # a page break in the middle of a sentence
    s1 = policy.clauses()[("safeguard-2021", "二（一）", 1)].text
    assert s1.startswith("建立老年人“无健康码”绿色通道。")
    i1 = policy.clauses()[("implementation-2021", "二（一）", 1)].text
    assert "工作人员代查等服务，不得将“健康码”作为人员通行的唯一凭证" in i1


def test_quotes_match_whatever_the_spacing_and_punctuation_width():
    basis = {"document": "safeguard-2021", "section": "二（二）", "item": 5,
             "quote": "在检票口设立人工通道 ,提供人工检票服务"}  # as the source file types it
    assert policy.citation_problem(basis) is None
    assert policy.citation_problem({**basis, "quote": "在检票口设立人工通道，提供人工检票服务"}) is None


def test_a_wrong_clause_or_a_misquote_is_named():
    good = {"document": "safeguard-2021", "section": "二（四）", "item": 9, "quote": "保留人工服务柜台"}
    assert policy.citation_problem(good) is None
    assert "no clause 二（四） item 99" in policy.citation_problem({**good, "item": 99})
    assert "no clause 二 item 9" in policy.citation_problem({**good, "section": "二"})
    # a real sentence, but of another item
    wrong_item = policy.citation_problem({**good, "item": 10})
    assert "the quote is not in safeguard-2021 二（四） 第10项" in wrong_item
    assert "not in" in policy.citation_problem({**good, "quote": "不得拒收现金"})


def test_citation_errors_point_at_the_legal_basis_entry():
    doc = template()
    assert policy.citation_errors(doc) == []
    doc["sections"][1]["items"][0]["legal_basis"].append(
        {"document": "implementation-2021", "section": "二（四）", "item": 10, "quote": "编造的句子"}
    )
    errors = policy.citation_errors(doc)
    assert [e["path"] for e in errors] == ["/sections/1/items/0/legal_basis/1"]
    assert "编造的句子" in errors[0]["reason"]


def test_the_closing_paragraph_is_a_clause_of_its_own_not_part_of_the_last_section():
    last = policy.clauses()[("safeguard-2021", "三（三）", None)].text
    assert last.endswith("按职责分工负责〕") and "提高政治站位" not in last
    closing = policy.clauses()[("safeguard-2021", "结语", None)].text
    assert closing.startswith("各地（市）、各部门要提高政治站位")
    assert not any(k[1] == "结语" for k in policy.clauses() if k[0] == "implementation-2021")
