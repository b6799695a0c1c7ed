"""The two 2021 policy documents, cut into the clauses a checklist item can cite.

A clause is the smallest numbered unit of a document: an item of part 二 (``二（四）`` item 9),
or a subsection or part that has no numbered items (``三（二）``, ``一``); the safeguard plan's
closing paragraph, after its last clause, is ``结语``. Its text is joined
from the lines of the source file, so that a sentence broken across lines or pages is whole.

Quotes are compared after ``normalize``: the safeguard plan is typed with half-width
punctuation and stray spaces (``人工通道 ,提供``), the implementation plan with full-width
punctuation; a citation quotes the words, not the typing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

POLICY_DIR = Path(__file__).resolve().parents[2] / "schemas" / "catalog" / "policy"
DOCUMENTS = {
    "safeguard-2021": "traditional-services-safeguard-plan-2021.txt",
    "implementation-2021": "implementation-plan-smart-tech-for-elderly-2021.txt",
}
TITLES = {
    "safeguard-2021": "西藏自治区老年人传统服务兜底保障方案（2021年1月4日）",
    "implementation-2021": "西藏自治区关于切实解决老年人运用智能技术困难实施方案（2021-2022年）",
}

_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
_SPACE = re.compile(r"\s+")
_PART = re.compile(r"^([一二三四五六七八九十]+)、")
_SUBSECTION = re.compile(r"^（([一二三四五六七八九十]+)）")
_ITEM = re.compile(r"^(\d{1,2})[.．]")
_RESPONSIBLE = ("负责〕", "负责）")
CLOSING = "结语"


def normalize(text: str) -> str:
    """The words of a text: no white space, full-width punctuation, one kind of quote mark."""
    text = _SPACE.sub("", text).translate(_HALF_TO_FULL)
    return text.replace('"', "”")


@dataclass(frozen=True)
class Clause:
    document: str
    section: str  # "二（四）", "三（二）", "一" or "结语"
    item: int | None  # the item number, None for a section without numbered items
    text: str  # normalized

    @property
    def key(self) -> tuple[str, str, int | None]:
        return (self.document, self.section, self.item)

    @property
    def label(self) -> str:
        where = f"{self.section} 第{self.item}项" if self.item else self.section
        return f"{self.document} {where}"


def _body_lines(text: str) -> list[str]:
    """The lines from the first part heading on (the notice and preamble cite nothing)."""
    lines = [normalize(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    start = next(i for i, line in enumerate(lines) if line.startswith("一、"))
    return lines[start:]


def parse(document: str, text: str) -> list[Clause]:
    clauses: list[Clause] = []
    part = sub = None
    item: int | None = None
    buffer: list[str] = []

    def flush() -> None:
        if part is not None and buffer:
            section = part + (f"（{sub}）" if sub else "")
            clauses.append(Clause(document, section, item, "".join(buffer)))
        buffer.clear()

    for line in _body_lines(text):
        if match := _PART.match(line):
            flush()
            part, sub, item = match.group(1), None, None
            continue  # a part heading is a title, not a requirement
        if match := _SUBSECTION.match(line):
            flush()
            sub, item = match.group(1), None
            buffer.append(line[match.end():])
            continue
        if match := _ITEM.match(line):
            flush()
            item = int(match.group(1))
            buffer.append(line[match.end():])
            continue
        if buffer and buffer[-1].endswith(_RESPONSIBLE):
            # Every clause ends by naming the bodies responsible; text after that is the closing
            # paragraph of the document, not more of the clause.
            flush()
            part, sub, item = CLOSING, None, None
        buffer.append(line)
    flush()
    # A subsection heading followed by numbered items is only a title: its items are the clauses.
    numbered = {(c.section) for c in clauses if c.item is not None}
    return [c for c in clauses if c.item is not None or c.section not in numbered]


@lru_cache
def clauses() -> dict[tuple[str, str, int | None], Clause]:
    out = {}
    for document, filename in DOCUMENTS.items():
        text = (POLICY_DIR / filename).read_text(encoding="utf-8")
        for clause in parse(document, text):
            if clause.key in out:
                raise ValueError(f"{clause.label} appears twice in {filename}")
            out[clause.key] = clause
    return out


def citation_problem(basis: dict) -> str | None:
    """Why a legal_basis entry does not stand in the documents, or None when it does."""
    key = (basis.get("document"), basis.get("section"), basis.get("item"))
    clause = clauses().get(key)
    if clause is None:
        return (
            f"{basis.get('document')} has no clause {basis.get('section')} item "
            f"{basis.get('item')}"
        )
    if normalize(str(basis.get("quote", ""))) not in clause.text:
        return f"the quote is not in {clause.label}: {str(basis.get('quote'))[:80]!r}"
    return None


def citation_errors(template: dict) -> list[dict[str, str]]:
    """Every legal_basis of a template that cites no clause or misquotes one, as {path, reason}."""
    errors = []
    for s, section in enumerate(template.get("sections") or []):
        for i, item in enumerate((section or {}).get("items") or []):
            for b, basis in enumerate((item or {}).get("legal_basis") or []):
                problem = citation_problem(basis) if isinstance(basis, dict) else None
                if problem:
                    path = f"/sections/{s}/items/{i}/legal_basis/{b}"
                    errors.append({"path": path, "reason": problem})
    return errors
