"""What a notice says, worked out from its document and the template items its findings cite.

Pure data, no layout: the deadline of each finding, the titles of the documents cited, the
venue and inspection as printed. The access code is not in the notice (only its hash is), so the
caller passes it; the verification page's address is made from the notice number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from services.notices.pdf import labels
from services.notices.pdf.labels import Bilingual

# docs/catalog.md: the default rectification period of each severity.
DEFAULT_DAYS = {"critical": 7, "major": 30, "minor": 60}


@dataclass(frozen=True)
class Basis:
    document: Bilingual
    clause: Bilingual
    quote: str  # the policy's own words, in Chinese


@dataclass(frozen=True)
class Finding:
    number: int
    requirement: Bilingual
    note: str | None  # as the inspector typed it, in whatever script
    severity: Bilingual
    days: int
    deadline: date
    bases: tuple[Basis, ...]


@dataclass(frozen=True)
class NoticeContent:
    number: str
    issuer: Bilingual
    issued: date
    venue: Bilingual  # the name; Tibetan may be missing (empty)
    address: str
    operator: str
    inspected: date | None
    inspectors: str
    findings: tuple[Finding, ...]
    access_code: str
    verify_url: str  # in the QR code
    portal_url: str

    @property
    def verify_address(self) -> str:
        """The verification page's address as printed to be typed: without the scheme."""
        return self.verify_url.split("://", 1)[-1]


def _date(timestamp: str) -> date:
    """The calendar date where the timestamp was written (its own offset: Tibet's +08:00)."""
    return datetime.fromisoformat(timestamp).date()


def _text(value: dict[str, Any] | None) -> Bilingual:
    value = value or {}
    return Bilingual(str(value.get("bo") or ""), str(value.get("zh") or ""))


def _days(finding: dict[str, Any], item: dict[str, Any]) -> int:
    for source in (finding, item):
        if isinstance(source.get("rectification_days"), int):
            return source["rectification_days"]
    severity = finding.get("severity") or item.get("severity")
    return DEFAULT_DAYS[severity]


def _basis(entry: dict[str, Any]) -> Basis:
    document = labels.DOCUMENTS.get(entry["document"]) or Bilingual(
        entry["document"], entry["document"]
    )
    clause = labels.CLAUSE.format(section=entry["section"], item=entry["item"])
    return Basis(document, clause, entry["quote"])


def _finding(number: int, finding: dict[str, Any], item: dict[str, Any], issued: date) -> Finding:
    days = _days(finding, item)
    severity = finding.get("severity") or item["severity"]
    requirement = _text(finding.get("requirement") or item.get("requirement"))
    bases = finding.get("legal_basis") or item.get("legal_basis") or []
    return Finding(
        number=number,
        requirement=requirement,
        note=finding.get("note"),
        severity=labels.SEVERITY[severity],
        days=days,
        deadline=issued + timedelta(days=days),
        bases=tuple(_basis(b) for b in bases),
    )


def notice_content(
    notice: dict[str, Any],
    items: dict[str, dict[str, Any]],
    *,
    access_code: str,
    public_url: str,
) -> NoticeContent:
    """The content of a notice; ``items`` maps item ids to the template items (for the periods)."""
    issued = _date(notice["issued_at"])
    venue = notice.get("venue") or {}
    inspection = notice.get("inspection") or {}
    base = public_url.rstrip("/")
    return NoticeContent(
        number=notice["number"],
        issuer=_text(notice.get("issuer")),
        issued=issued,
        venue=_text(venue.get("name")),
        address=venue.get("address") or "",
        operator=venue.get("operator") or "",
        inspected=date.fromisoformat(inspection["date"]) if inspection.get("date") else None,
        inspectors="、".join(inspection.get("inspectors") or []),
        findings=tuple(
            _finding(n, f, items.get(f["item_id"]) or {}, issued)
            for n, f in enumerate(notice["findings"], start=1)
        ),
        access_code=access_code,
        verify_url=f"{base}/v/{notice['number']}",
        portal_url=f"{base}/",
    )
