"""The review pages and API against the real CouchDB-protocol server: sign-in, reach, queue,
decisions with their audit trail, conflicts, CSRF and bad input."""

from __future__ import annotations

from services.inspections import queries
from services.review.tests.conftest import sign_in
from services.review.tests.world import GERZE, inspector
from services.sync.pull.checkpoint import Checkpoint, scope_of
from services.sync.pull.service import pull


def test_a_page_without_a_session_sends_to_sign_in_and_a_wrong_password_stays_there(client, world):
    answer = client.get("/queue", follow_redirects=False, headers={"accept": "text/html"})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    wrong = client.post("/login", data={"name": "lhasa.sup", "password": "nope-1234"})
    assert wrong.status_code == 401 and "用户名" in wrong.text


def test_the_session_cookie_is_httponly_and_samesite(client, world):
    answer = client.post("/login", data={"name": "lhasa.sup", "password": "Lhasa-test-2026"}, follow_redirects=False)
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_a_prefecture_supervisor_sees_only_their_prefecture_newest_first(client, world):
    sign_in(client, "lhasa.sup")
    page = client.get("/api/review/queue").json()
    counties = {r["county_code"] for r in page["rows"]}
    assert counties == {"540102", "540103"}
    finished = [r["finished_at"] for r in page["rows"]]
    assert finished == sorted(finished, reverse=True)
    assert page["counts"]["submitted"] == 4
    assert client.get(f"/api/review/inspections/{world['ids'][4]}").status_code == 403  # a Gêrzê one
    assert client.get("/api/review/queue", params={"county": GERZE}).status_code == 403


def test_filters_and_paging_by_cursor(client, world):
    sign_in(client, "admin")
    critical = client.get("/api/review/queue", params={"critical": "1"}).json()
    assert {r["id"] for r in critical["rows"]} == {world["ids"][i] for i in (0, 2, 4)}
    in_range = client.get("/api/review/queue", params={"date_from": "2026-05-11", "date_to": "2026-05-12"}).json()
    assert [r["id"] for r in in_range["rows"]] == [world["ids"][2], world["ids"][1]]
    seen = []
    cursor = None
    queries_page = queries.PAGE_SIZE
    try:
        queries.PAGE_SIZE = 2
        while True:
            answer = client.get("/api/review/queue", params={"cursor": cursor} if cursor else {}).json()
            seen += [r["id"] for r in answer["rows"]]
            cursor = answer["next_cursor"]
            if not cursor:
                break
    finally:
        queries.PAGE_SIZE = queries_page
    assert seen == list(reversed(world["ids"]))


def test_a_nonsensical_filter_is_a_clear_422_and_a_clear_page(client, world):
    sign_in(client, "admin")
    answer = client.get("/api/review/queue", params={"date_from": "last tuesday"})
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_filter"
    assert "date_from" in answer.json()["detail"]
    page = client.get("/queue", params={"status": "<script>"}, headers={"accept": "text/html"})
    assert page.status_code == 422 and "&lt;script&gt;" in page.text and "<script>" not in page.text.split("<main>")[1]


def test_approve_return_and_the_phone_receives_the_comment(client, couch, world):
    csrf = sign_in(client, "lhasa.sup")
    first, second = world["ids"][0], world["ids"][1]
    rev = client.get(f"/api/review/inspections/{first}").json()["inspection"]["_rev"]
    approved = client.post(
        f"/api/review/inspections/{first}/approve", json={"rev": rev}, headers={"x-csrf-token": csrf}
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    rev = client.get(f"/api/review/inspections/{second}").json()["inspection"]["_rev"]
    returned = client.post(
        f"/api/review/inspections/{second}/return",
        json={"rev": rev, "comment": "照片不清楚 <i>重拍</i>"},
        headers={"x-csrf-token": csrf},
    )
    assert returned.status_code == 200
    dawa = inspector("dawa", "540102")
    payload, _, _ = pull(couch, dawa, Checkpoint(who=scope_of(dawa)))
    assert [(d["_id"], d["review"]["comment"]) for d in payload["returned"]] == [(second, "照片不清楚 <i>重拍</i>")]


def test_two_supervisors_at_once_get_a_409_not_a_lost_update(client, world):
    csrf = sign_in(client, "lhasa.sup")
    target = world["ids"][0]
    rev = client.get(f"/api/review/inspections/{target}").json()["inspection"]["_rev"]
    headers = {"x-csrf-token": csrf}
    assert (
        client.post(f"/api/review/inspections/{target}/approve", json={"rev": rev}, headers=headers).status_code == 200
    )
    late = client.post(f"/api/review/inspections/{target}/return", json={"rev": rev, "comment": "x"}, headers=headers)
    assert late.status_code == 409 and late.json()["code"] == "conflict"
    doc = client.get(f"/api/review/inspections/{target}").json()["inspection"]
    assert doc["status"] == "approved" and len(doc["history"]) == 1


def test_a_correction_keeps_the_original_and_needs_a_reason(client, world):
    csrf = sign_in(client, "lhasa.sup")
    target = world["ids"][0]
    headers = {"x-csrf-token": csrf}
    rev = client.get(f"/api/review/inspections/{target}").json()["inspection"]["_rev"]
    no_reason = client.post(f"/api/review/inspections/{target}/correct",
                            json={"rev": rev, "item_id": "item-01", "value": "yes"}, headers=headers)
    assert no_reason.status_code == 422
    fixed = client.post(f"/api/review/inspections/{target}/correct",
                        json={"rev": rev, "item_id": "item-01", "value": "yes", "reason": "现场照片显示有窗口"},
                        headers=headers).json()
    assert fixed["status"] == "corrected" and fixed["answers"]["item-01"]["value"] == "yes"
    assert "item-01" not in fixed["summary"]["findings"]
    entry = fixed["history"][-1]
    assert entry["why"] == "现场照片显示有窗口" and entry["by"] == "lhasa.sup"
    assert {"path": "/answers/item-01/value", "before": "no", "after": "yes"} in entry["changes"]
    page = client.get(f"/inspections/{target}", headers={"accept": "text/html"}).text
    assert "<del>否</del>" in page and "<ins>是</ins>" in page


def test_a_form_without_the_csrf_token_changes_nothing(client, world):
    sign_in(client, "lhasa.sup")
    target = world["ids"][0]
    rev = client.get(f"/api/review/inspections/{target}").json()["inspection"]["_rev"]
    answer = client.post(f"/inspections/{target}/approve", data={"rev": rev, "csrf": "forged"})
    assert answer.status_code == 403
    assert client.get(f"/api/review/inspections/{target}").json()["inspection"]["_rev"] == rev


def test_a_notice_request_needs_a_decided_inspection_and_real_findings(client, couch, world):
    csrf = sign_in(client, "lhasa.sup")
    headers = {"x-csrf-token": csrf}
    target = world["ids"][0]
    early = client.post(f"/api/review/inspections/{target}/notice", json={"item_ids": ["item-01"]}, headers=headers)
    assert early.status_code == 422 and early.json()["code"] == "notice_request_refused"
    rev = client.get(f"/api/review/inspections/{target}").json()["inspection"]["_rev"]
    client.post(f"/api/review/inspections/{target}/approve", json={"rev": rev}, headers=headers)
    wrong = client.post(f"/api/review/inspections/{target}/notice", json={"item_ids": ["item-05"]}, headers=headers)
    assert wrong.status_code == 422
    made = client.post(
        f"/api/review/inspections/{target}/notice", json={"item_ids": ["item-01", "item-02"]}, headers=headers
    ).json()
    assert made["_id"].startswith("notice_request:") and made["status"] == "pending"
    assert {k: made[k] for k in ("inspection_id", "county_code", "item_ids", "requested_by")} == {
        "inspection_id": target,
        "county_code": "540102",
        "item_ids": ["item-01", "item-02"],
        "requested_by": "lhasa.sup",
    }
    shown = client.get(f"/api/review/inspections/{target}").json()["notice_requests"]
    assert [r["_id"] for r in shown] == [made["_id"]]


def test_markup_in_names_and_notes_is_shown_as_text(client, world):
    sign_in(client, "lhasa.sup")
    queue = client.get("/queue", headers={"accept": "text/html"}).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;银行" in queue and "<script>alert(1)" not in queue
    page = client.get(f"/inspections/{world['ids'][0]}", headers={"accept": "text/html"}).text
    assert "&lt;b&gt;没有&lt;/b&gt;现金窗口" in page


def test_a_returned_inspection_cannot_be_approved_until_the_phone_sends_it_again(client, world):
    csrf = sign_in(client, "lhasa.sup")
    headers = {"x-csrf-token": csrf}
    target = world["ids"][1]
    rev = client.get(f"/api/review/inspections/{target}").json()["inspection"]["_rev"]
    rev = client.post(f"/api/review/inspections/{target}/return", json={"rev": rev, "comment": "重拍"},
                      headers=headers).json()["_rev"]
    refused = client.post(f"/api/review/inspections/{target}/approve", json={"rev": rev}, headers=headers)
    assert refused.status_code == 409 and refused.json()["code"] == "invalid_transition"


def test_a_photo_is_served_only_within_the_jurisdiction(client, world):
    from services.review.tests.world import PHOTO, PHOTO_SHA

    sign_in(client, "gerze.sup")
    assert client.get(f"/api/review/inspections/{world['ids'][0]}/photos/{PHOTO_SHA}").status_code == 403
    client.cookies.clear()
    sign_in(client, "lhasa.sup")
    photo = client.get(f"/api/review/inspections/{world['ids'][0]}/photos/{PHOTO_SHA}")
    assert photo.status_code == 200 and photo.content == PHOTO and photo.headers["content-type"] == "image/jpeg"
    assert client.get(f"/api/review/inspections/{world['ids'][0]}/photos/{'0' * 64}").status_code == 404


def test_the_queue_page_links_each_status_count_to_its_filter(client, world):
    sign_in(client, "lhasa.sup")
    page = client.get("/queue", params={"county": "540102"}, headers={"accept": "text/html"}).text
    assert 'href="/queue?county=540102&amp;status=approved"' in page


def test_an_administrator_unlocks_an_account_through_the_page(client, world):
    for _ in range(3):
        assert client.post("/login", data={"name": "lhasa.sup", "password": "wrong-pass-123"}).status_code in (
            401,
            429,
            423,
        )
    csrf = sign_in(client, "admin")
    answer = client.post("/admin/users-page/unlock", data={"name": "lhasa.sup", "csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/users-page?done=unlock:lhasa.sup"


def test_the_businesss_answers_show_on_the_inspection_as_text_with_their_photos(client, world, couch):
    import json
    from pathlib import Path

    from services.notices import store as notice_store
    from services.review.tests.world import PHOTO, PHOTO_SHA

    example = Path(__file__).resolve().parents[3] / "schemas" / "examples" / "notice" / "valid" / "issued.json"
    notice = {**json.loads(example.read_text(encoding="utf-8")), "inspection_id": world["ids"][0]}
    couch.db("notices").put(notice)
    item = notice["findings"][0]["item_id"]
    notice_store.put_answer(couch, {"_id": notice_store.answer_id(notice["number"], item), "type": "notice_answer",
                                    "number": notice["number"], "item_id": item, "text": "<b>已加开</b>人工窗口",
                                    "answered_at": "2026-06-01T10:00:00Z", "photos": [PHOTO_SHA], "history": []},
                            PHOTO, "image/jpeg", PHOTO_SHA)
    sign_in(client, "lhasa.sup")
    page = client.get(f"/inspections/{world['ids'][0]}", headers={"accept": "text/html"}).text
    assert "&lt;b&gt;已加开&lt;/b&gt;人工窗口" in page and "<b>已加开" not in page
    link = f"/inspections/{world['ids'][0]}/notices/{notice['number']}/answers/{item}/{PHOTO_SHA}"
    assert link in page and client.get(link).content == PHOTO
    client.cookies.clear()
    sign_in(client, "gerze.sup")  # another prefecture: neither the page nor the photo
    assert client.get(link).status_code in (403, 404)
