"""The same notice as the PDF renderer's, as HTML for WeasyPrint: the baseline of bench.notices.

Same content (services/notices/pdf/content.py and labels.py), same fonts by family name, same
A4 layout in outline: head, particulars, the findings table with its repeated header, how to
answer, the QR code (an SVG made per notice, as the PDF renderer makes its own), access code
and seal.
"""

from __future__ import annotations

from html import escape

from services.notices.pdf import labels
from services.notices.pdf.content import Finding, NoticeContent
from services.notices.pdf.labels import Bilingual
from services.notices.pdf.qr import qr_modules

CSS = """
@page { size: A4; margin: 16mm 16mm 22mm 16mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "Tibetan Machine Uni", "Droid Sans Fallback"; font-size: 9pt; }
:lang(bo) { font-size: 1.3em; }
.center { text-align: center; } .right { text-align: right; }
h1 { font-size: 20pt; text-align: center; font-weight: normal; margin: 2mm 0; }
h2 { font-size: 11pt; font-weight: normal; margin: 3mm 0 1.5mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
td, th { border: 0.5pt solid #8c8c8c; padding: 3pt 4pt; vertical-align: top; text-align: left;
         font-weight: normal; }
th, td.label { background: #eee; font-size: 8pt; }
tr { page-break-inside: avoid; }
.small { font-size: 8pt; color: #595959; } .basis { font-size: 7.5pt; }
.code { font-size: 16pt; }
"""


def _both(text: Bilingual, joiner: str = "<br>") -> str:
    parts = [f'<span lang="bo">{escape(text.bo)}</span>' if text.bo else "", escape(text.zh)]
    return joiner.join(p for p in parts if p) or "—"


def _finding(f: Finding) -> str:
    note = (
        f'<div class="small">{_both(labels.NOTE, " ")}<br>{escape(f.note)}</div>' if f.note else ""
    )
    bases = "".join(
        f'<div class="basis"><span lang="bo">{escape(b.document.bo)} {escape(b.clause.bo)}</span>'
        f"<br>{escape(b.document.zh)} {escape(b.clause.zh)}<br>“{escape(b.quote)}”</div>"
        for b in f.bases
    )
    deadline = labels.date_text(f.deadline.year, f.deadline.month, f.deadline.day)
    return (
        f"<tr><td>{f.number}</td><td>{_both(f.requirement)}{note}</td><td>{bases}</td>"
        f"<td><span class=small>{_both(f.severity, ' ')}</span><br>"
        f"{_both(labels.WITHIN_DAYS.format(days=f.days), ' ')}<br>{_both(deadline)}</td></tr>"
    )


def _qr_svg(value: str) -> str:
    modules = qr_modules(value)
    n = len(modules) + 4
    squares = "".join(
        f'<rect x="{c + 2}" y="{r + 2}" width="1" height="1"/>'
        for r, row in enumerate(modules)
        for c, dark in enumerate(row)
        if dark
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="30mm">{squares}</svg>'


def notice_html(c: NoticeContent) -> str:
    issued = labels.date_text(c.issued.year, c.issued.month, c.issued.day)
    inspected = (
        labels.date_text(c.inspected.year, c.inspected.month, c.inspected.day)
        if c.inspected
        else labels.NOT_GIVEN
    )
    rows = [
        (labels.VENUE, _both(c.venue)),
        (labels.ADDRESS, escape(c.address or "—")),
        (labels.OPERATOR, escape(c.operator or "—")),
        (labels.INSPECTED, _both(inspected)),
        (labels.INSPECTORS, escape(c.inspectors or "—")),
        (labels.ISSUED, _both(issued)),
    ]
    particulars = "".join(
        f'<tr><td class="label" style="width:42mm">{_both(k)}</td><td>{v}</td></tr>'
        for k, v in rows
    )
    header = "".join(
        f"<th>{_both(h)}</th>"
        for h in (
            labels.COLUMN_NUMBER,
            labels.COLUMN_REQUIREMENT,
            labels.COLUMN_BASIS,
            labels.COLUMN_DEADLINE,
        )
    )
    qr = _qr_svg(c.verify_url)
    answer = labels.ANSWER_TEXT.format(portal=c.portal_url)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>{CSS}</style></head><body>
<p class="center">{_both(c.issuer)}</p>
<h1>{_both(labels.TITLE)}</h1>
<p class="right"><span lang="bo">{escape(labels.NUMBER.bo)}</span> {escape(c.number)}<br>
{escape(labels.NUMBER.zh)}：{escape(c.number)}</p>
<table>{particulars}</table>
<p>{_both(labels.INTRODUCTION)}</p>
<h2>{_both(labels.FINDINGS, "  ")}</h2>
<table><colgroup><col style="width:9mm"><col style="width:56mm"><col style="width:79mm"><col>
</colgroup><thead><tr>{header}</tr></thead>
<tbody>{"".join(_finding(f) for f in c.findings)}</tbody></table>
<h2>{_both(labels.ANSWER, "  ")}</h2><p>{_both(answer)}</p>
<table><tr><td style="width:30%">{qr}<br>{_both(labels.VERIFY)}<br>{escape(c.verify_url)}</td>
<td style="width:30%">{_both(labels.ACCESS_CODE)}<br><span class="code">{escape(c.access_code)}</span></td>
<td>{_both(labels.SEAL)}<div style="height:26mm"></div><p class="right">{_both(issued)}</p></td>
</tr></table></body></html>"""
