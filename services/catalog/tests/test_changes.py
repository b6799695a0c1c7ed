"""templates_changed_since: what the sync pull sends, from an opaque _changes position."""

from services.catalog import service
from services.catalog.changes import templates_changed_since
from services.catalog.regions import seed_regions
from tests.support.templates import template


def _ids(templates):
    return [(t["template_id"], t["version"]) for t in templates]


def test_first_pull_gets_every_current_template_and_a_position(couch):
    service.create_draft(couch, template("bank", 1))
    service.publish(couch, "bank", 1)
    service.create_draft(couch, template("shop", 1))
    first = templates_changed_since(couch, None)
    assert _ids(first.templates) == [("bank", 1)] and not first.more
    assert isinstance(first.seq, str)
    assert templates_changed_since(couch, first.seq).templates == []


def test_only_published_changes_count_and_each_template_comes_once_at_its_current_version(couch):
    start = templates_changed_since(couch, None).seq
    seed_regions(couch)  # regions share the database and are no template change
    service.create_draft(couch, template("bank", 1))
    assert templates_changed_since(couch, start).templates == []  # a draft is not sent
    service.publish(couch, "bank", 1)
    service.create_draft(couch, template("bank", 2))
    service.publish(couch, "bank", 2)
    service.create_draft(couch, template("hospital", 1))
    service.publish(couch, "hospital", 1)
    changed = templates_changed_since(couch, start)
    assert _ids(changed.templates) == [("bank", 2), ("hospital", 1)]
    assert all("_rev" not in t for t in changed.templates)
    later = templates_changed_since(couch, changed.seq)
    assert later.templates == [] and not later.more


def test_a_limit_pages_through_and_says_more(couch):
    start = templates_changed_since(couch, None).seq
    for tid in ("a", "b", "c"):
        service.create_draft(couch, template(tid, 1))
        service.publish(couch, tid, 1)
    seen, seq, more = [], start, True
    while more:
        page = templates_changed_since(couch, seq, limit=2)
        seen += _ids(page.templates)
        seq, more = page.seq, page.more
    assert sorted(set(seen)) == [("a", 1), ("b", 1), ("c", 1)]
