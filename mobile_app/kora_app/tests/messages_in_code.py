"""What the app's code below the screens says to the inspector, found by reading the source.

``messages_made`` lists every ``Message(...)`` call (kora_app/message.py) with its id and the names
of its values, as xgettext would find them; the catalog test checks each against both catalogs.
``words_in_code`` lists string literals in Chinese or Tibetan outside the screens: there should be
none, the screens' catalogs hold the words. Nothing is imported.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

APP = Path(__file__).resolve().parents[1]
# Data, not words for the inspector: the pinyin search keys of Chinese characters.
NOT_WORDS = {APP / "store" / "search_keys.py"}
CHINESE_OR_TIBETAN = re.compile("[\u0f00-\u0fff\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class MadeMessage:
    where: str                      # path:line
    id: str | None                  # None when the id is not written out as a string
    params: frozenset[str] | None   # None when the values come as **mapping


def production_files(root: Path = APP) -> list[Path]:
    """The app's modules, without tests, test support (conftest.py) and the screens."""
    return [path for path in sorted(root.rglob("*.py"))
            if not {"tests", "screens"} & set(path.relative_to(root).parts) and path.name != "conftest.py"]


def _is_message(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id == "Message") or (
        isinstance(func, ast.Attribute) and func.attr == "Message")


def messages_made(root: Path = APP) -> list[MadeMessage]:
    found = []
    for path in production_files(root):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _is_message(node.func)):
                continue
            first = node.args[0] if node.args else None
            msgid = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            names = [k.arg for k in node.keywords]
            found.append(MadeMessage(f"{path.relative_to(root)}:{node.lineno}", msgid,
                                     None if None in names else frozenset(names)))
    return found


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the string nodes that are docstrings (module, class, function)."""
    holders = [tree, *(n for n in ast.walk(tree)
                       if isinstance(n, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef))]
    return {id(h.body[0].value) for h in holders
            if h.body and isinstance(h.body[0], ast.Expr) and isinstance(h.body[0].value, ast.Constant)}


def words_in_code(root: Path = APP) -> list[str]:
    """``path:line`` of each string literal in Chinese or Tibetan (docstrings aside)."""
    found = []
    for path in production_files(root):
        if path in NOT_WORDS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and CHINESE_OR_TIBETAN.search(node.value)):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found
