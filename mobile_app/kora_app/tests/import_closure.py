"""Every module the app can import, found by reading import statements (nothing is imported).

From each starting file, every ``import`` and ``from … import`` anywhere in the file (also inside
functions: an import deferred to a call still has to be on the phone; not the optional ones
under ``try: … except ImportError`` or ``if TYPE_CHECKING:``) is followed into the
project's own packages and into installed third-party packages, file by file. The standard
library and compiled extensions end the walk. The result is the set of dotted module names
reached, so a test can say which ones must never be there.
"""

from __future__ import annotations

import ast
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _search_paths() -> list[Path]:
    paths = [ROOT, Path(sysconfig.get_paths()["purelib"]), Path(sysconfig.get_paths()["platlib"])]
    return list(dict.fromkeys(p for p in paths if p.is_dir()))


def module_file(name: str, paths: list[Path]) -> Path | None:
    parts = name.split(".")
    for base in paths:
        candidate = base.joinpath(*parts)
        if (candidate / "__init__.py").is_file():
            return candidate / "__init__.py"
        if candidate.with_suffix(".py").is_file():
            return candidate.with_suffix(".py")
    return None


def _package_of(path: Path, name: str) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _optional(node: ast.AST) -> bool:
    """An ``if TYPE_CHECKING:`` block, or a ``try`` whose handler catches ImportError: what it
    imports is optional (the package runs without it), so the walk does not follow it."""
    if isinstance(node, ast.If):
        test = node.test
        return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    if isinstance(node, ast.Try):
        for handler in node.handlers:
            caught = handler.type
            names = [caught] if not isinstance(caught, ast.Tuple) else list(caught.elts)
            if caught is None or any(isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError")
                                     for n in names):
                return True
    return False


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, ast.Try) and _optional(node):
            todo.extend(node.handlers + node.orelse + node.finalbody)
        elif not _optional(node):
            todo.extend(ast.iter_child_nodes(node))
    return found


def imported_names(path: Path, name: str) -> set[str]:
    """Dotted names one file imports (relative imports resolved; ``from a import b`` gives a and a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"), str(path))
    package = _package_of(path, name)
    found: set[str] = set()
    for node in _imports(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        else:
            if node.level:
                base_parts = package.split(".")
                base = ".".join(base_parts[: len(base_parts) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module:
                found.add(module)
                found.update(f"{module}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def closure(start: dict[str, Path]) -> set[str]:
    """Module names reachable from ``start`` ({module name: file})."""
    paths = _search_paths()
    seen: set[str] = set()
    todo = list(start.items())
    while todo:
        name, path = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for imported in imported_names(path, name):
            parts = imported.split(".")
            if parts[0] in sys.stdlib_module_names:
                continue
            for depth in range(1, len(parts) + 1):  # importing a.b.c runs a and a.b first
                prefix = ".".join(parts[:depth])
                if prefix in seen:
                    continue
                found = module_file(prefix, paths)
                if found is not None:
                    todo.append((prefix, found))
                elif depth == 1:
                    seen.add(prefix)  # a compiled or missing top-level package: named, not followed
    return seen


def app_modules(app_dir: Path, skip: tuple[str, ...] = ("tests", "screens")) -> dict[str, Path]:
    """The app's own modules under ``app_dir``, without tests, conftest files and ``skip`` folders."""
    out = {}
    for path in sorted(app_dir.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if path.name == "conftest.py" or any(part in skip for part in relative.parts):
            continue
        name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        out[name] = path
    return out
