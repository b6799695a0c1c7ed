"""Role checks are defined once (services/common/roles.py) and every router uses those."""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2]
ALLOWED = {SERVICES / "common" / "auth.py", SERVICES / "common" / "roles.py"}


def _calls(tree: ast.AST, name: str) -> list[int]:
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == name]


def test_only_roles_module_builds_role_dependencies():
    found = {}
    for path in SERVICES.rglob("*.py"):
        if path in ALLOWED or "tests" in path.parts:
            continue
        lines = _calls(ast.parse(path.read_text(encoding="utf-8")), "require_roles")
        if lines:
            found[str(path.relative_to(SERVICES))] = lines
    assert found == {}, f"use the aliases of services/common/roles.py instead: {found}"

