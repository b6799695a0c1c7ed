import importlib
import re
from pathlib import Path

import yaml

from deploy.local_suite import ports
from services.common.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SERVE = "services.common.serve"  # the launcher that reads KORA_WORKERS
SERVICE_PORTS = {
    "sync": ports.SYNC.default,
    "review": ports.REVIEW.default,
    "notices": ports.NOTICES.default,
}


def _compose():
    return yaml.safe_load((DEPLOY / "compose" / "compose.yaml").read_text())["services"]


def test_service_environment_is_exactly_settings_fields_and_covers_required_ones():
    services = _compose()
    fields = {name.upper(): info for name, info in Settings.model_fields.items()}
    required = {name for name, info in fields.items() if info.is_required()}
    for name in [*SERVICE_PORTS, "bootstrap"]:
        env = set(services[name]["environment"])
        assert env <= set(fields), (name, env - set(fields))
        assert required <= env, (name, required - env)


def test_services_run_their_factory_on_their_port_with_health_checks():
    services = _compose()
    for name, port in SERVICE_PORTS.items():
        command = services[name]["command"]
        assert command[:4] == ["python", "-m", SERVE, f"services.{name}.app:create_app"]
        assert command[command.index("--port") + 1] == str(port)
        module, _, factory = command[3].partition(":")
        assert callable(getattr(importlib.import_module(module), factory))
        assert services[name]["environment"]["KORA_WORKERS"] == "${KORA_WORKERS:-0}"
        assert f"localhost:{port}/health/ready" in " ".join(services[name]["healthcheck"]["test"])


def test_bootstrap_job_runs_the_real_module_and_services_wait_for_it():
    services = _compose()
    command = services["bootstrap"]["command"]
    assert command == ["python", "-m", "services.common.bootstrap"]
    assert importlib.util.find_spec(command[2]) is not None
    for name in SERVICE_PORTS:
        assert (
            services[name]["depends_on"]["bootstrap"]["condition"]
            == "service_completed_successfully"
        )


def test_couchdb_cluster_of_three_with_setup_job():
    services = _compose()
    nodes = [n for n in services if n.startswith("couchdb-") and n != "couchdb-lb"]
    assert len(nodes) == 3
    for node in nodes:
        assert services[node]["image"] == "couchdb:3"
        assert {"COUCHDB_SECRET", "NODENAME", "ERL_FLAGS"} <= set(services[node]["environment"])
    assert "_cluster_setup" in " ".join(services["cluster-setup"]["command"])


def test_nginx_routes_each_prefix_to_the_service_port():
    conf = (DEPLOY / "nginx" / "kora.conf").read_text()
    for name, port in SERVICE_PORTS.items():
        assert re.search(rf"server {name}:{port};", conf)
        assert re.search(rf"location /{name}/\s*{{ proxy_pass http://kora_{name}/;", conf)


def test_dockerfile_installs_from_uv_lock():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "COPY pyproject.toml uv.lock" in dockerfile
    assert "uv sync --frozen" in dockerfile


def test_k8s_deployments_match_ports_probes_and_settings():
    docs = list(yaml.safe_load_all((DEPLOY / "k8s" / "kora.yaml").read_text()))
    by_kind = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc
    config = set(by_kind["ConfigMap"]["kora-settings"]["data"])
    fields = {name.upper() for name in Settings.model_fields}
    assert config <= fields
    assert by_kind["StatefulSet"]["couchdb"]["spec"]["replicas"] == 3
    assert by_kind["Service"]["couchdb"]["spec"]["clusterIP"] == "None"
    job = by_kind["Job"]["kora-bootstrap"]["spec"]["template"]["spec"]["containers"][0]
    assert job["command"] == ["python", "-m", "services.common.bootstrap"]
    for name, port in SERVICE_PORTS.items():
        container = by_kind["Deployment"][name]["spec"]["template"]["spec"]["containers"][0]
        assert container["command"][:4] == ["python", "-m", SERVE, f"services.{name}.app:create_app"]
        cpu = container["resources"]["limits"]["cpu"]
        assert by_kind["ConfigMap"]["kora-settings"]["data"]["KORA_WORKERS"] == cpu  # one worker per core
        assert container["command"][-1] == str(port)
        assert container["livenessProbe"]["httpGet"] == {"path": "/health/live", "port": port}
        assert container["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": port}
        given = {e["name"] for e in container["env"]} | config
        assert given <= fields
        assert {n.upper() for n, f in Settings.model_fields.items() if f.is_required()} <= given
        assert by_kind["Service"][name]["spec"]["ports"][0]["port"] == port


def test_the_launcher_module_exists_and_workers_is_a_setting():
    assert importlib.util.find_spec(SERVE) is not None
    assert "kora_workers" in Settings.model_fields


def test_services_reach_couchdb_through_every_node_not_one_by_name():
    services = _compose()
    assert "@couchdb-lb:5984" in services["sync"]["environment"]["COUCHDB_URL"]
    conf = (DEPLOY / "nginx" / "couchdb.conf").read_text()
    nodes = sorted(n for n in services if n.startswith("couchdb-") and n != "couchdb-lb")
    for node in nodes:
        assert f"server {services[node]['hostname']}:5984" in conf
    docs = {
        (d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all((DEPLOY / "k8s" / "kora.yaml").read_text())
    }
    client = docs[("Service", "couchdb-client")]["spec"]
    assert "clusterIP" not in client and client["selector"] == {"app": "couchdb"}
    assert "@couchdb-client:5984" in docs[("Secret", "kora-secrets")]["stringData"]["COUCHDB_URL"]
