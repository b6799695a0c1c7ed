from services.common.openapi import (
    PREFIX,
    bundle,
    iter_refs,
    load_schema_files,
    request_body,
    unbundle,
)


def test_bundled_components_unbundle_to_the_schema_files():
    assert unbundle(bundle()) == load_schema_files()


def test_every_bundled_ref_points_to_a_component():
    components = bundle()
    refs = list(iter_refs(components))
    assert refs
    for ref in refs:
        assert ref.startswith(PREFIX) and ref[len(PREFIX) :] in components, ref


def test_cross_file_ref_is_rewritten():
    components = bundle()
    assert any(r == PREFIX + "common.county_code" for r in iter_refs(components["inspection"]))


def test_request_body_refers_to_a_component():
    ref = request_body("venue")["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert ref[len(PREFIX) :] in bundle()
