"""The app builds for Android: no Kivy outside screens/, and none of the server's packages in its imports."""

import ast
from pathlib import Path

from mobile_app.kora_app.tests.import_closure import ROOT, app_modules, closure

APP = ROOT / "mobile_app" / "kora_app"
SCREENS = APP / "screens"
# Server-only packages, and jsonschema with what it pulls in (referencing -> rpds-py, Rust).
FORBIDDEN = ("fastapi", "pydantic", "pydantic_core", "pydantic_settings", "uvicorn", "pycouchdb", "argon2",
             "starlette", "jsonschema", "referencing", "rpds", "services")


def _kivy_imports(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if SCREENS in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] == "kivy" for n in names):
                found.append(str(path.relative_to(root)))
    return found


def _forbidden(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in FORBIDDEN)


def test_nothing_outside_screens_imports_kivy():
    assert _kivy_imports(ROOT / "mobile_app") == []


def test_the_apps_import_closure_holds_no_server_package():
    modules = closure(app_modules(APP))
    assert _forbidden(modules) == []
    # the walk did go where the app goes: its own packages, the shared rules, the client's libraries
    assert {"mobile_app.kora_app.outbox.worker", "schemas.rules.score", "httpx", "httpcore", "PIL.Image",
            "pypinyin"} <= modules


def test_the_checks_catch_what_they_look_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import kivy.uix.button\nfrom services.inspections import statuses\n\n\n"
                      "def later():\n    import pycouchdb\n")
    assert _kivy_imports(tmp_path) == ["sample.py"]
    modules = closure({"sample": sample})
    assert "kivy" in modules
    assert {"pycouchdb", "services.inspections.statuses"} <= set(_forbidden(modules))
