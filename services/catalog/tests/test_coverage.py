"""The coverage table of the shipped catalog, and that its checks catch what they should."""

import copy

import pytest

from schemas.rules.template import items
from services.catalog import coverage


@pytest.fixture(scope="module")
def shipped():
    return coverage.load_requirements(), coverage.load_templates()


def test_the_shipped_catalog_covers_every_requirement_with_true_quotes(shipped):
    assert coverage.problems(*shipped) == []


def test_docs_catalog_coverage_md_is_up_to_date(shipped):
    assert coverage.DOC_FILE.read_text(encoding="utf-8") == coverage.markdown(*shipped), (
        "run `.venv/bin/python -m services.catalog.coverage` to regenerate docs/catalog-coverage.md"
    )


def test_a_template_for_every_venue_type_the_documents_name(shipped):
    _, templates = shipped
    covered = {v for t in templates for v in t["venue_types"]}
    assert covered == {
        "bank", "railway_station", "bus_station", "airport", "hospital", "shop", "service_hall",
        "telecom_postal", "cultural_venue",
    }


def test_every_item_carries_what_two_inspectors_need_to_answer_alike(shipped):
    _, templates = shipped
    kinds, ids = set(), []
    for template in templates:
        for _, item in items(template):
            kinds.add(item["answer"]["kind"])
            ids.append(item["id"])
            assert item["guidance"]["zh"] != item["requirement"]["zh"], item["id"]
            if item["answer"]["kind"] == "count":
                assert item["answer"]["pass_at_least"] >= 1, item["id"]
            if item["answer"]["kind"] == "choice":
                values = {c["value"] for c in item["answer"]["choices"]}
                assert set(item["answer"]["fails_on"]) < values, item["id"]
    assert kinds == {"yes_no_na", "count", "choice", "text"}
    assert len(ids) == len(set(ids)), "item ids are unique across the catalog"


def _item(templates, item_id):
    return next(i for t in templates for _, i in items(t) if i["id"] == item_id)


def test_an_item_citing_a_quote_the_table_lacks_is_reported(shipped):
    requirements, templates = copy.deepcopy(shipped)
    _item(templates, "bank.priority.seats")["legal_basis"][0]["quote"] = "配备老花镜"
    found = coverage.problems(requirements, templates)
    assert any("bank:bank.priority.seats" in p and "does not list" in p for p in found)


def test_an_item_citing_a_requirement_of_no_venue_or_of_other_venues_is_reported(shipped):
    requirements, templates = copy.deepcopy(shipped)
    basis = _item(templates, "shop.service.special_groups")["legal_basis"]
    basis.append({"document": "safeguard-2021", "section": "二（一）", "item": 3,
                  "quote": "在突发事件处置中做好帮助老年人应对工作"})
    basis.append({"document": "safeguard-2021", "section": "二（二）", "item": 5,
                  "quote": "在检票口设立人工通道，提供人工检票服务"})
    found = coverage.problems(requirements, templates)
    assert "shop.service.special_groups cites s3.emergencies, which coverage.json says no venue can check" in found
    assert (
        "shop.service.special_groups cites s5.manual_gate, which applies to railway_station, not to shop"
        in found
    )


def test_a_requirement_no_item_checks_is_reported(shipped):
    requirements, templates = copy.deepcopy(shipped)
    hospital = next(t for t in templates if t["template_id"] == "hospital")
    hospital["sections"] = [s for s in hospital["sections"] if s["id"] != "guidance"]
    found = coverage.problems(requirements, templates)
    assert "requirement s7.guides: no hospital checklist item checks it" in found
    assert "requirement s8.voice_guidance: no hospital checklist item checks it" in found


def test_a_requirement_with_neither_venue_types_nor_reason_is_refused(shipped):
    requirements, templates = copy.deepcopy(shipped)
    del requirements[0]["not_at_venue"]
    assert coverage.problems(requirements, templates)[0].startswith("coverage.json /requirements/0")


def test_a_misquoted_requirement_and_a_clause_without_rows_are_reported(shipped):
    requirements, templates = copy.deepcopy(shipped)
    for r in requirements:
        if r["id"] == "s16.hotline":
            r["quote"] = "客服热线必须转人工"
    requirements = [r for r in requirements if (r["document"], r.get("item")) != ("safeguard-2021", 14)]
    found = coverage.problems(requirements, templates)
    assert any(p.startswith("requirement s16.hotline: the quote is not in") for p in found)
    assert "safeguard-2021 二（六） 第14项 has no row in coverage.json: list what it requires" in found


def test_tibetan_strings_carry_no_chinese_characters_or_full_width_punctuation(shipped):
    _, templates = shipped

    def texts(node):
        if isinstance(node, dict):
            if {"zh", "bo"} <= set(node):
                yield node["bo"]
            for value in node.values():
                yield from texts(value)
        elif isinstance(node, list):
            for value in node:
                yield from texts(value)

    for template in templates:
        for bo in texts(template):
            leaked = [c for c in bo if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"]
            assert not leaked, f"{template['template_id']}: {bo!r} has {''.join(leaked)}"
            assert any("\u0f40" <= c <= "\u0fbc" for c in bo), bo
