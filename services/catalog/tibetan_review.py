"""Tibetan review round-trip through a gettext PO file (docs/tibetan-review.md).

    python -m services.catalog.tibetan_review export [--all] FILE.po
    python -m services.catalog.tibetan_review import FILE.po

Export writes one entry per Tibetan string: msgctxt = the string's stable key, msgid = the
Chinese source, msgstr = the Tibetan text; drafts are marked fuzzy. Only drafts unless --all.
Import writes the texts back: an entry that is not fuzzy is reviewed. It refuses the whole file
if a key is unknown or a Chinese source changed since the export. Each template file it changes
gets the next version number, because the published version it came from never changes; the
seed then publishes that new version.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polib

from services.catalog.bo_strings import REPO_ROOT, BoString, DataFile, load_files
from services.common.errors import KoraError
from services.common.schemas import schema_errors

DRAFT, REVIEWED = "draft", "reviewed"
SCHEMA_OF_REGION = "region"


@dataclass
class ImportReport:
    reviewed: int = 0  # strings now marked reviewed
    drafts_changed: int = 0  # strings whose text changed but stay draft (entry still fuzzy)
    unchanged: int = 0
    versions: dict[str, tuple[int, int]] = field(default_factory=dict)  # template file: old, new
    files_written: list[str] = field(default_factory=list)


def _header() -> dict[str, str]:
    return {
        "Project-Id-Version": "Kora catalog",
        "POT-Creation-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "Language": "bo",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": "zh_CN",
    }


def export(po_path: Path, include_reviewed: bool = False, root: Path = REPO_ROOT) -> int:
    """Write the Tibetan strings (drafts only, or all) to ``po_path``; how many were written."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = _header()
    for data_file in load_files(root):
        for string in data_file.strings():
            if string.status == REVIEWED and not include_reviewed:
                continue
            entry = polib.POEntry(
                msgctxt=string.key,
                msgid=string.zh,
                msgstr=string.bo,
                comment=f"{data_file.name}: Tibetan status {string.status}",
            )
            if string.status == DRAFT:
                entry.flags.append("fuzzy")
            po.append(entry)
    po.save(str(po_path))
    return len(po)


def _read_po(po_path: Path) -> polib.POFile:
    # polib reads a string that is no file name as PO text itself, so a typo must stop here.
    if not po_path.is_file():
        raise KoraError("review_import_refused", f"{po_path} is not a file", problems=[])
    try:
        return polib.pofile(str(po_path), encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise KoraError(
            "review_import_refused", f"{po_path} is not a readable PO file: {exc}", problems=[]
        ) from None


def _check(po: polib.POFile, strings: dict[str, BoString]) -> list[str]:
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        string = strings.get(entry.msgctxt or "")
        if string is None:
            problems.append(
                f"unknown key {entry.msgctxt!r} (msgid {entry.msgid[:40]!r}): "
                "the catalog has no such string; export a fresh file"
            )
        elif entry.msgid != string.zh:
            problems.append(
                f"{entry.msgctxt}: the Chinese source changed since the export "
                f"(file says {entry.msgid[:60]!r}, catalog now says {string.zh[:60]!r}); "
                "export a fresh file and review that string again"
            )
    return problems


def _bump(data_file: DataFile, report: ImportReport) -> None:
    doc = data_file.document
    old = doc["version"]
    doc["version"] = old + 1
    doc["_id"] = f"template:{doc['template_id']}@{old + 1}"
    # The new version is not published yet: the seed stamps its own time when it publishes it.
    doc.pop("published_at", None)
    report.versions[data_file.name] = (old, old + 1)


def _invalid(data_file: DataFile) -> list[str]:
    if data_file.is_template:
        errors = schema_errors("checklist_template", {**data_file.document, "status": "published"})
    else:
        errors = [
            {"path": f"/regions/{i}{e['path']}", "reason": e["reason"]}
            for i, region in enumerate(data_file.document.get("regions", []))
            for e in schema_errors(SCHEMA_OF_REGION, region)
        ]
    return [f"{data_file.name}{e['path']}: {e['reason']}" for e in errors]


def import_po(po_path: Path, root: Path = REPO_ROOT) -> ImportReport:
    """Write reviewed Tibetan strings back into the data files; all or nothing."""
    po = _read_po(po_path)
    owners = {s.key: (f, s) for f in load_files(root) for s in f.strings()}
    strings = {key: string for key, (_, string) in owners.items()}
    problems = _check(po, strings)
    if problems:
        raise KoraError(
            "review_import_refused",
            f"{len(problems)} problem(s) in {po_path.name}: " + problems[0],
            problems=problems,
        )
    report, changed = ImportReport(), {}
    for entry in po:
        if entry.obsolete or not entry.msgstr.strip():
            continue
        owner, string = owners[entry.msgctxt]
        status = DRAFT if entry.fuzzy else REVIEWED
        if string.set(entry.msgstr, status):
            changed[owner.name] = owner
            report.reviewed += status == REVIEWED
            report.drafts_changed += status == DRAFT
        else:
            report.unchanged += 1
    invalid = [p for f in changed.values() for p in _invalid(f)]
    if invalid:
        raise KoraError(
            "review_import_refused",
            "the reviewed strings break the schema: " + invalid[0],
            problems=invalid,
        )
    for data_file in changed.values():
        if data_file.is_template:
            _bump(data_file, report)
        data_file.save()
        report.files_written.append(data_file.name)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m services.catalog.tibetan_review",
        description="Export Tibetan strings for review, or import them back.",
    )
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)
    out = commands.add_parser("export", help="write the Tibetan strings to a PO file")
    out.add_argument("--all", action="store_true", help="reviewed strings too, not only drafts")
    out.add_argument("file", type=Path)
    back = commands.add_parser("import", help="write reviewed strings back into the data files")
    back.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "export":
            count = export(args.file, include_reviewed=args.all, root=args.root)
            print(f"wrote {count} Tibetan string(s) to {args.file}")
            return 0
        report = import_po(args.file, root=args.root)
    except ValueError as broken:  # a data file that is not JSON, or an id used twice
        print(f"the catalog data cannot be read: {broken}", file=sys.stderr)
        return 1
    except KoraError as refused:
        print(f"import refused, nothing written: {refused.detail}", file=sys.stderr)
        for problem in refused.extra.get("problems", [])[1:]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        f"{report.reviewed} string(s) now reviewed, {report.drafts_changed} draft(s) changed, "
        f"{report.unchanged} unchanged"
    )
    for name, (old, new) in report.versions.items():
        print(f"{name}: version {old} -> {new} (run the seed to publish it)")
    if not report.files_written:
        print("no file changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
