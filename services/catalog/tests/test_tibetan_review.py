"""The Tibetan review round-trip on temporary copies of the catalog files."""

import json

import polib
import pytest

from services.catalog import service
from services.catalog.bo_strings import REGIONS, REPO_ROOT
from services.catalog.seed import seed_templates_from
from services.catalog.tests.catalog_copy import make_catalog_copy
from services.catalog.tibetan_review import export, import_po, main
from services.common.errors import KoraError

BANK = "catalog/templates/bank.json"
ACCEPTED = f"{BANK}#/sections[cash]/items[bank.cash.accepted]/requirement"
LHASA = "regions/regions.json#/regions[540100]/name"


@pytest.fixture
def root(tmp_path):
    return make_catalog_copy(tmp_path / "repo")


def _read(root, name):
    return json.loads((root / "schemas" / name).read_text(encoding="utf-8"))


def _snapshot(root):
    return {p: p.read_bytes() for p in sorted((root / "schemas").rglob("*.json"))}


def test_export_writes_drafts_as_fuzzy_entries_keyed_by_file_and_path(root, tmp_path):
    po_path = tmp_path / "review.po"
    count = export(po_path, root=root)
    po = polib.pofile(str(po_path))
    assert count == len(po) > 81
    entry = next(e for e in po if e.msgctxt == ACCEPTED)
    assert (entry.msgid, entry.msgstr, entry.fuzzy) == (
        "网点接受现金支付。",
        "网点接受现金支付。 (བོད་ཡིག)",
        True,
    )
    assert next(e for e in po if e.msgctxt == LHASA).msgid == "拉萨市"
    reviewed_key = f"{BANK}#/sections[help]/title"
    assert reviewed_key not in {e.msgctxt for e in po}
    assert po.metadata["Language"] == "bo"
    assert export(po_path, include_reviewed=True, root=root) == count + 2
    everything = polib.pofile(str(po_path))
    assert not next(e for e in everything if e.msgctxt == reviewed_key).fuzzy


def test_round_trip_marks_reviewed_raises_the_version_and_the_seed_publishes_it(
    root, tmp_path, couch
):
    seed_templates_from(couch, root / "schemas/catalog/templates")
    po_path = tmp_path / "review.po"
    export(po_path, root=root)
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgctxt == ACCEPTED:
            entry.msgstr = "དངུལ་ལོར་ལེན་དགོས།"
            entry.flags.remove("fuzzy")  # the reviewer accepted it
        elif entry.msgctxt == LHASA:
            entry.flags.remove("fuzzy")  # right as it was
        elif entry.msgctxt == f"{BANK}#/title":
            entry.msgstr = "དངུལ་ཁང་ཞིབ་བཤེར་རེའུ་མིག"  # improved, still needs a second look
    po.save(str(po_path))

    report = import_po(po_path, root=root)
    assert (report.reviewed, report.drafts_changed) == (2, 1)
    assert report.versions == {BANK: (1, 2)}
    assert sorted(report.files_written) == [BANK, "regions/regions.json"]
    bank = _read(root, BANK)
    assert (bank["version"], bank["_id"], bank["status"]) == (2, "template:bank@2", "published")
    item = bank["sections"][0]["items"][0]["requirement"]
    assert item == {"zh": "网点接受现金支付。", "bo": "དངུལ་ལོར་ལེན་དགོས།", "bo_status": "reviewed"}
    assert bank["title"]["bo_status"] == "draft" and bank["title"]["bo"].endswith("རེའུ་མིག")
    assert _read(root, "catalog/templates/shop.json")["version"] == 1
    assert _read(root, "regions/regions.json")["regions"][0]["bo_status"] == "reviewed"
    regions_lines = (root / "schemas/regions/regions.json").read_text(encoding="utf-8").splitlines()
    shipped_lines = (REPO_ROOT / REGIONS).read_text(encoding="utf-8").splitlines()
    differing = [a for a, b in zip(regions_lines, shipped_lines, strict=True) if a != b]
    assert differing == ['   "bo_status": "reviewed"']  # only the line the review changed

    before = _snapshot(root)
    again = import_po(po_path, root=root)  # the same file twice changes nothing more
    assert again.files_written == [] and _snapshot(root) == before

    seeded = seed_templates_from(couch, root / "schemas/catalog/templates")
    assert seeded.published == ["template:bank@2"] and not seeded.refused
    current = {t["template_id"]: t for t in service.current_templates(couch)}
    assert current["bank"]["version"] == 2 and current["shop"]["version"] == 1
    assert (
        service.get_version(couch, "bank", 1)["sections"][0]["items"][0]["requirement"]["bo_status"]
        == "draft"
    )  # the published v1 is untouched
    export(po_path, root=root)
    assert ACCEPTED not in {e.msgctxt for e in polib.pofile(str(po_path))}


def _edited(po_path, change):
    po = polib.pofile(str(po_path))
    change(po)
    po.save(str(po_path))


def test_unknown_keys_and_changed_sources_refuse_the_whole_file(root, tmp_path):
    po_path = tmp_path / "review.po"
    export(po_path, root=root)
    before = _snapshot(root)

    def unknown(po):
        po[0].msgstr = "ལེགས།"
        po[0].flags.clear()
        po.append(
            polib.POEntry(
                msgctxt=f"{BANK}#/sections[cash]/items[gone]/requirement",
                msgid="旧条目",
                msgstr="རྙིང་པ།",
            )
        )

    _edited(po_path, unknown)
    with pytest.raises(KoraError) as refused:
        import_po(po_path, root=root)
    assert refused.value.code == "review_import_refused"
    assert "unknown key" in refused.value.detail and "items[gone]" in refused.value.detail
    assert _snapshot(root) == before

    export(po_path, root=root)
    bank = _read(root, BANK)
    bank["sections"][0]["items"][0]["requirement"]["zh"] = "网点必须接受现金。"
    (root / "schemas" / BANK).write_text(json.dumps(bank, ensure_ascii=False), encoding="utf-8")
    before = _snapshot(root)
    with pytest.raises(KoraError) as changed:
        import_po(po_path, root=root)
    assert "the Chinese source changed since the export" in changed.value.detail
    assert _snapshot(root) == before


def test_cli_export_import_and_refusal(root, tmp_path, capsys):
    po_path = tmp_path / "review.po"
    assert main(["--root", str(root), "export", str(po_path)]) == 0
    assert "Tibetan string(s)" in capsys.readouterr().out
    _edited(po_path, lambda po: po.__getitem__(0).flags.clear())
    assert main(["--root", str(root), "import", str(po_path)]) == 0
    printed = capsys.readouterr().out
    assert "1 string(s) now reviewed" in printed and "version 1 -> 2" in printed
    (tmp_path / "junk.po").write_bytes(b"\x00\xff not a po file")
    assert main(["--root", str(root), "import", str(tmp_path / "junk.po")]) == 1
    assert "import refused, nothing written" in capsys.readouterr().err
    assert main(["--root", str(root), "import", str(tmp_path / "missing.po")]) == 1
