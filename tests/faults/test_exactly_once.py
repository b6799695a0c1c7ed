"""The end-of-scenario checks catch what they are there to catch (so a green scenario means something)."""


from tests.faults.exactly_once import make_day, resume_violations, seed_day, server_differences
from tests.faults.rig import Exchange


def _store_as_the_service_would(couch, day):
    for doc in day.docs:
        rev = couch.db("inspections").put(doc)["_rev"]
        for name in [
            *doc["answers"][next(iter(doc["answers"]))].get("photos", []),
            *([doc["signature"]["image"]] if "image" in doc["signature"] else []),
        ]:
            rev = couch.db("inspections").put_attachment(doc["_id"], rev, name, day.photos[name], "image/jpeg")


def test_the_check_passes_on_exactly_the_day_and_names_every_difference(couch):
    day = make_day(7, inspections=2)
    seed_day(couch, day)
    _store_as_the_service_would(couch, day)
    assert server_differences(couch, day) == []
    assert make_day(7, inspections=2).photos == day.photos  # the day is drawn from its seed

    extra = {**day.docs[0], "_id": "00000000-0000-4000-8000-000000000000"}
    couch.db("inspections").bulk([extra])
    first = couch.db("inspections").all_docs([day.docs[0]["_id"]])[day.docs[0]["_id"]]
    name = next(iter(first["_attachments"]))
    damaged = bytearray(day.photos[name])
    damaged[100] ^= 1
    couch.db("inspections").put_attachment(first["_id"], first["_rev"], name, bytes(damaged), "image/jpeg")
    second = couch.db("inspections").all_docs([day.docs[1]["_id"]])[day.docs[1]["_id"]]
    couch.db("inspections").bulk([{**second, "gps": {"lat": 1, "lon": 2}}])
    couch.db("sync").bulk([{"_id": "upload:x:y", "type": "photo_upload"}])

    problems = "\n".join(server_differences(couch, day))
    assert "extra ['00000000-0000-4000-8000-000000000000']" in problems
    assert f"{first['_id']}/{name}" in problems and "not the photo sent" in problems
    assert f"{second['_id']}: stored content differs" in problems
    assert "partial uploads left behind" in problems


def test_a_photo_sent_again_from_zero_or_resent_too_much_is_named():
    day = make_day(8, inspections=1, photos_each=1)
    name, data = next(iter(day.photos.items()))
    path = f"/sync/photos/i/{name}"
    resumed = [
        Exchange("PUT", path, 0, 4096, None),
        Exchange("GET", path, None, 0, 200, received=3000),
        Exchange("PUT", path, 3000, 4096, 200, received=7096),
        Exchange("PUT", path, 7096, len(data) - 7096, 200, received=len(data)),
    ]
    assert resume_violations(resumed, day, 4096) == []
    restarted = [*resumed[:2], Exchange("PUT", path, 0, 4096, 200, received=4096)]
    assert (
        "sent again from 0 after the server held 3000 bytes"
        in resume_violations(restarted, day, 4096)[0]
    )
    wasteful = [Exchange("PUT", path, 0, len(data), 200, received=len(data))] * 2
    assert "with 0 failed attempts" in resume_violations(wasteful, day, 4096)[0]


def test_a_photo_batch_restarted_from_zero_or_resent_too_much_is_named():
    day = make_day(8, inspections=1, photos_each=1)
    name, data = next(iter(day.photos.items()))
    size = len(data)
    BUDGET = 16 * 1024

    def batch(offset, length, status=200, received=None, code=None):
        result = {"index": 0, "sha256": name, **({"code": code} if code else {"received": received})}
        return Exchange("POST", "/sync/photos", None, length + 150, status, parts=[(name, offset, length)],
                        results={name: result} if status else {})

    def ask(received):
        return Exchange(
            "POST", "/sync/photos/status", None, 100, 200, results={name: {"sha256": name, "received": received}}
        )

    resumed = [batch(0, size, status=None), ask(3000), batch(3000, size - 3000, received=size)]
    assert resume_violations(resumed, day, BUDGET) == []
    restarted = [*resumed[:2], batch(0, size, received=size)]
    assert "sent again from 0 after the server held 3000 bytes" in resume_violations(restarted, day, BUDGET)[0]
    wasteful = [batch(0, size, received=size), batch(0, size, received=size)]
    assert "with 0 failed attempts" in resume_violations(wasteful, day, BUDGET)[0]
    other = [Exchange("POST", "/sync/photos", None, 500, 200, parts=[("f" * 64, 0, 400)])]
    assert resume_violations([*resumed, *other], day, BUDGET) == []  # another photo's parts are not this one's
