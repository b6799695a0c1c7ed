"""The pages of a notice: A4, Tibetan above Chinese in every heading, label and finding.

Top to bottom: the issuing authority, the title, the notice number; the venue, operator and
inspection; the findings table (each row: what must be done, the clauses it enforces with their
quoted words, the deadline), whose header repeats on every page; how to answer; the QR code and
address of the verification page, the access code, and the place for the seal. Every page's foot
carries the notice number and "page n of N".
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from services.notices.pdf import labels
from services.notices.pdf.content import Finding, NoticeContent
from services.notices.pdf.fonts import TIBETAN
from services.notices.pdf.labels import Bilingual
from services.notices.pdf.qr import QrCode
from services.notices.pdf.shaping import Shaper
from services.notices.pdf.textblock import Style, TextBlock

MARGIN = 16 * mm
FOOT = 12 * mm
WIDTH = A4[0] - 2 * MARGIN
GREY = colors.Color(0.35, 0.35, 0.35)
LINE = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.93, 0.93, 0.93)
FINDING_COLUMNS = (9 * mm, 56 * mm, 79 * mm, WIDTH - 144 * mm)
BODY, SMALL, LABEL = Style(size=9), Style(size=8, color=GREY), Style(size=8)
FOOT_STYLE = Style(size=8, color=GREY, align="center")


class Pages:
    """Builds the flowables of one notice; ``shaper`` is the renderer's, kept warm."""

    def __init__(self, shaper: Shaper, content: NoticeContent, notes_below: bool = False):
        """``notes_below`` moves the inspector's notes out of the table to after it: a row must
        fit on a page (ReportLab's splitting inside a row is not reliable), a long note need not.
        """
        self.shaper = shaper
        self.c = content
        self.notes_below = notes_below

    def text(self, text: str, style: Style = BODY) -> TextBlock:
        return TextBlock(self.shaper, text, style)

    def both(self, text: Bilingual, style: Style = BODY, joiner: str = "\n") -> TextBlock:
        """Tibetan, then Chinese; a side that is empty (a name without Tibetan) is left out."""
        return self.text(joiner.join(t for t in (text.bo, text.zh) if t) or "—", style)

    def story(self) -> list[Flowable]:
        return [
            *self._head(),
            Spacer(1, 3 * mm),
            self._particulars(),
            Spacer(1, 4 * mm),
            self.both(labels.INTRODUCTION),
            Spacer(1, 3 * mm),
            self.both(labels.FINDINGS, Style(size=11), joiner="  "),
            Spacer(1, 1.5 * mm),
            self._findings(),
            *self._notes_below(),
            Spacer(1, 4 * mm),
            CondPageBreak(60 * mm),
            self._answer(),
            Spacer(1, 4 * mm),
            KeepTogether([self._closing()]),
        ]

    def _head(self) -> list[Flowable]:
        c = self.c
        number = f"{labels.NUMBER.bo} {c.number}\n{labels.NUMBER.zh}：{c.number}"
        return [
            self.both(c.issuer, Style(size=11, align="center")),
            Spacer(1, 3 * mm),
            self.both(labels.TITLE, Style(size=20, align="center")),
            Spacer(1, 2 * mm),
            self.text(number, Style(size=9, align="right")),
        ]

    def _particulars(self) -> Table:
        """Venue and address across the page, then two particulars a row: label, value."""
        c = self.c
        inspected = labels.date_text(*_ymd(c.inspected)) if c.inspected else labels.NOT_GIVEN
        label = 30 * mm
        value = WIDTH / 2 - label
        rows = [
            [self.both(labels.VENUE, LABEL), self.both(c.venue), "", ""],
            [self.both(labels.ADDRESS, LABEL), self.text(c.address or "—"), "", ""],
            [
                self.both(labels.OPERATOR, LABEL),
                self.text(c.operator or "—"),
                self.both(labels.INSPECTORS, LABEL),
                self.text(c.inspectors or "—"),
            ],
            [
                self.both(labels.INSPECTED, LABEL),
                self.both(inspected),
                self.both(labels.ISSUED, LABEL),
                self.both(labels.date_text(*_ymd(c.issued))),
            ],
        ]
        table = Table(rows, colWidths=(label, value, label, value))
        table.setStyle(
            _grid(header=False)
            + [
                ("SPAN", (1, 0), (3, 0)),
                ("SPAN", (1, 1), (3, 1)),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("BACKGROUND", (2, 2), (2, -1), SHADE),
            ]
        )
        return table

    def _findings(self) -> Table:
        header = [
            self.both(labels.COLUMN_NUMBER, LABEL),
            self.both(labels.COLUMN_REQUIREMENT, LABEL),
            self.both(labels.COLUMN_BASIS, LABEL),
            self.both(labels.COLUMN_DEADLINE, LABEL),
        ]
        rows = [header] + [self._finding_row(f) for f in self.c.findings]
        table = Table(rows, colWidths=FINDING_COLUMNS, repeatRows=1)
        table.setStyle(_grid(header=True))
        return table

    def _finding_row(self, finding: Finding) -> list[object]:
        requirement: list[Flowable] = [self.both(finding.requirement)]
        if finding.note and self.notes_below:
            requirement += [Spacer(1, 1.5 * mm), self.both(labels.NOTE_BELOW, SMALL, joiner=" ")]
        elif finding.note:
            requirement += [
                Spacer(1, 1.5 * mm),
                self.both(labels.NOTE, SMALL, joiner=" "),
                self.text(finding.note, SMALL),
            ]
        basis: list[Flowable] = []
        for n, entry in enumerate(finding.bases):
            if n:
                basis.append(Spacer(1, 2 * mm))
            basis += [
                self.text(f"{entry.document.bo} {entry.clause.bo}", Style(size=7.5)),
                self.text(f"{entry.document.zh} {entry.clause.zh}", Style(size=7.5)),
                self.text(f"“{entry.quote}”", Style(size=7.5, color=GREY)),
            ]
        within = labels.WITHIN_DAYS.format(days=finding.days)
        deadline = [
            self.both(finding.severity, SMALL, joiner=" "),
            self.both(within, joiner=" "),
            self.both(labels.date_text(*_ymd(finding.deadline))),
        ]
        return [self.text(str(finding.number)), requirement, basis, deadline]

    def _notes_below(self) -> list[Flowable]:
        noted = [f for f in self.c.findings if f.note] if self.notes_below else []
        if not noted:
            return []
        out: list[Flowable] = [Spacer(1, 3 * mm), self.both(labels.NOTE, Style(size=11), "  ")]
        for finding in noted:
            out += [Spacer(1, 1.5 * mm), self.text(f"{finding.number}.  {finding.note}")]
        return out

    def _answer(self) -> Flowable:
        text = labels.ANSWER_TEXT.format(portal=self.c.portal_url)
        return KeepTogether(
            [
                self.both(labels.ANSWER, Style(size=11), joiner="  "),
                Spacer(1, 1.5 * mm),
                self.both(text),
            ]
        )

    def _closing(self) -> Table:
        c = self.c
        verify = [
            QrCode(c.verify_url, 30 * mm),
            self.both(labels.VERIFY, LABEL),
            self.text(c.verify_address, Style(size=8)),
        ]
        code = [
            self.both(labels.ACCESS_CODE, LABEL),
            Spacer(1, 2 * mm),
            self.text(c.access_code, Style(size=16)),
        ]
        seal = [
            self.both(labels.SEAL, LABEL),
            Spacer(1, 26 * mm),
            self.both(labels.date_text(*_ymd(c.issued)), Style(size=9, align="right")),
        ]
        table = Table([[verify, code, seal]], colWidths=(WIDTH * 0.3, WIDTH * 0.3, WIDTH * 0.4))
        table.setStyle(_grid(header=False))
        return table


def _ymd(day) -> tuple[int, int, int]:
    return day.year, day.month, day.day


def _grid(header: bool) -> list[tuple]:
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        # Cells hold our flowables only, but a table sets its cell font anyway: Helvetica,
        # listed in the PDF and not embedded, unless it is one of ours.
        ("FONTNAME", (0, 0), (-1, -1), TIBETAN),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    return TableStyle(style)._cmds


def numbered_canvas(shaper: Shaper, number: str):
    """A canvas class that writes each page's foot once the number of pages is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for n, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                page = labels.PAGE.format(page=n, pages=total)
                foot = TextBlock(shaper, f"{number}    {page.bo}    {page.zh}", FOOT_STYLE)
                foot.wrap(WIDTH, FOOT)
                foot.drawOn(self, MARGIN, FOOT - foot.height + 2 * mm)
                super().showPage()
            super().save()

    return NumberedCanvas
