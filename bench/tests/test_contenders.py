"""Each contender's own databases and server; the same day's documents, ids included."""


from bench.contenders import COUCH_REPLICATION, KORA, ODK, make


def test_each_contender_serves_on_its_own_port_and_databases(server, namespace, two_inspections):
    built = {
        name: make(name, server, two_inspections, f"{namespace}_{name}")
        for name in (KORA, ODK, COUCH_REPLICATION)
    }
    assert (
        built[KORA].settings.db_name("inspections") != built[ODK].db != built[COUCH_REPLICATION].db
    )
    with built[ODK].serve() as odk_port, built[KORA].serve() as kora_port:
        assert odk_port != kora_port != server.port
        with built[COUCH_REPLICATION].serve() as couch_port:
            assert couch_port == server.port  # replication talks to the database itself
    with server.client() as http:
        names = http.get("/_all_dbs").json()
    assert built[ODK].db in names and built[COUCH_REPLICATION].db in names
    assert built[KORA].settings.db_name("inspections") in names
