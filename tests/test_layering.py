"""The boundaries of docs/architecture.md, enforced on the source: who may import whom, and which
module may touch which database. Read from the files with ``ast``; nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVER_ONLY = ("fastapi", "starlette", "pydantic", "pydantic_settings", "uvicorn", "pycouchdb", "argon2",
               "jsonschema", "requests", "jinja2", "reportlab")
SERVICE_APPS = ("services.sync.app", "services.review.app", "services.notices.app")
# Each database's owning package: nothing outside it reads or writes the database's documents.
OWNERS = {"catalog": "services.catalog", "venues": "services.venues", "users": "services.users",
          "inspections": "services.inspections", "returns": "services.inspections", "notices": "services.notices",
          "sync": "services.sync.photos"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources(*folders: str) -> list[Path]:
    files = []
    for folder in folders:
        files += [p for p in (ROOT / folder).rglob("*.py")
                  if "tests" not in p.relative_to(ROOT).parts and p.name != "conftest.py"]
    return sorted(files)


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _offences(files: list[Path], forbidden) -> list[str]:
    return [f"{p.relative_to(ROOT)} imports {name}" for p in files for name in sorted(_imports(p))
            if forbidden(name)]


def _under(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_shared_rules_are_pure():
    offences = _offences(_sources("schemas/rules"),
                         lambda n: _under(n, *SERVER_ONLY, "services", "mobile_app", "httpx", "kivy"))
    assert offences == []


def test_common_imports_nothing_above_it():
    offences = _offences(_sources("services/common"),
                         lambda n: _under(n, "services") and not _under(n, "services.common"))
    assert offences == []


def test_no_domain_imports_a_service_app():
    offences = _offences(_sources("services"), lambda n: _under(n, *SERVICE_APPS))
    assert offences == []


def test_production_code_never_imports_test_support():
    offences = _offences(_sources("services", "schemas/rules", "mobile_app", "deploy"),
                         lambda n: _under(n, "tests") or n.endswith(".tests") or ".tests." in n)
    assert offences == []


def test_the_app_imports_the_shared_rules_only():
    offences = _offences(_sources("mobile_app"), lambda n: _under(n, "services", *SERVER_ONLY))
    assert offences == []


def test_only_the_screens_import_kivy():
    screens = ROOT / "mobile_app" / "kora_app" / "screens"
    files = [p for p in _sources("mobile_app", "services", "schemas") if screens not in p.parents]
    assert _offences(files, lambda n: _under(n, "kivy", "kivymd")) == []


def _package_graph(root: str, depth: int) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in _sources(root.replace(".", "/")):
        here = ".".join(_module_name(path).split(".")[:depth])
        for name in _imports(path):
            if _under(name, root):
                there = ".".join(name.split(".")[:depth])
                if there != here:
                    graph.setdefault(here, set()).add(there)
    return graph


@pytest.mark.parametrize(("root", "depth"), [("services", 2), ("services.sync", 3)])
def test_packages_import_each_other_in_one_direction_only(root, depth):
    graph = _package_graph(root, depth)
    mutual = sorted({tuple(sorted((a, b))) for a, targets in graph.items() for b in targets
                     if a in graph.get(b, ())})
    assert mutual == []


def _database_uses(path: Path) -> set[str]:
    """Short names of the databases a module opens with ``couch.db(...)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                 for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.Constant)}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and any(a.name == "DB" for a in node.names):
            source = ROOT / (node.module.replace(".", "/") + ".py")
            constants["DB"] = next(iter(_constants_named(source, "DB")), "?")
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "db" \
                and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant):
                used.add(arg.value)
            elif isinstance(arg, ast.Name):
                used.add(constants.get(arg.id, f"<{arg.id}>"))
    return used


def _constants_named(path: Path, name: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value.value for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
            for t in n.targets if isinstance(t, ast.Name) and t.id == name]


def test_each_database_is_touched_by_its_owner_only():
    offences = []
    for path in _sources("services", "deploy"):
        module = _module_name(path)
        for short in _database_uses(path):
            owner = OWNERS.get(short)
            allowed = owner and _under(module, owner)
            administrative = module in ("services.common.bootstrap", "deploy.local_suite.seed")
            if not allowed and not administrative:
                offences.append(f"{module} opens the {short} database (owned by {owner})")
    assert offences == []


def test_the_ownership_check_sees_a_raw_access():
    sample = ROOT / "var" / "layering_sample.py"
    sample.parent.mkdir(exist_ok=True)
    sample.write_text('DB = "notices"\n\ndef f(couch):\n    return couch.db(DB).get("x"), couch.db("users")\n')
    try:
        assert _database_uses(sample) == {"notices", "users"}
    finally:
        sample.unlink()
