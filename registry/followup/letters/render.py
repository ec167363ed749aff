"""Rendering follow-up letters into one PDF for printing (reportlab), one letter starting on each new page.

Layout of a business letter for a US #10 window envelope: letterhead at the top, the date, the recipient's
address block about two inches from the top edge, a "Re:" line, salutation, body, the questions with answer
boxes, closing and signature. Every page has a confidentiality footer with the patient's registry number, so
returned pages can be matched to the patient.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageBreak, PageTemplate, Paragraph, Spacer, Table
from reportlab.platypus.flowables import Flowable

from registry.followup.letters.model import LetterData, RegistryInfo, merge_fields
from registry.followup.letters.template import Question, Template, merge, parse_template
from registry.followup.letters.widgets import ChoiceBoxes, DateBoxes, LetterMark, RuledLines

NAVY = colors.HexColor("#1F3A5F")
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=7, alignment=TA_LEFT)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=9, leading=11, spaceAfter=0)
SUBJECT = ParagraphStyle("subject", parent=BODY, fontName="Helvetica-Bold")
QUESTION = ParagraphStyle("question", parent=BODY, fontSize=9.5, leading=12, spaceAfter=0)


def _letterhead(registry: RegistryInfo):
    def draw(canvas, doc) -> None:
        width, height = LETTER
        canvas.saveState()
        canvas.setFillColor(NAVY)
        canvas.rect(0, height - 0.28 * inch, width, 0.28 * inch, stroke=0, fill=1)
        canvas.setFont("Helvetica-Bold", 16)
        canvas.drawString(inch, height - 0.75 * inch, registry.name)
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        contact = "  |  ".join(p for p in (f"Tel. {registry.phone}" if registry.phone else "",
                                           f"Fax {registry.fax}" if registry.fax else "", registry.email) if p)
        canvas.drawString(inch, height - 0.95 * inch, "  ·  ".join(registry.address))
        canvas.drawString(inch, height - 1.1 * inch, contact)
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(1.2)
        canvas.line(inch, height - 1.2 * inch, width - inch, height - 1.2 * inch)
        canvas.restoreState()

    return draw


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.setFillColor(colors.HexColor("#555555"))
    patient = getattr(canvas, "followup_patient_id", "")
    canvas.drawString(inch, 0.55 * inch, "CONFIDENTIAL: contains protected health information. "
                      "If received in error, please return it to the sender.")
    canvas.drawString(inch, 0.42 * inch, f"Registry patient no. {patient}")
    canvas.drawRightString(LETTER[0] - inch, 0.42 * inch, f"page {doc.page}")
    canvas.restoreState()


def _answer(question: Question) -> Flowable:
    if question.kind == "choice":
        return ChoiceBoxes(question.options)
    if question.kind == "date":
        return DateBoxes()
    return RuledLines(question.lines)


def _questions(template: Template, fields: dict[str, str]) -> Table:
    rows = [[Paragraph(escape(merge(q.text, fields)), QUESTION), _answer(q)] for q in template.questions]
    table = Table(rows, colWidths=[2.7 * inch, 3.8 * inch])
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -2), 0.3, colors.lightgrey),
                    ("BOX", (0, 0), (-1, -1), 0.8, NAVY), ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F1F4F8"))])
    return table


def _address(letter: LetterData, fields: dict[str, str]) -> list[Flowable]:
    lines = letter.physician_address if letter.recipient == "physician" else letter.patient_address
    text = "<br/>".join(escape(line) for line in (fields["recipient.name"], *lines))
    return [Paragraph(text, BODY)]


def _letter(letter: LetterData, template: Template, registry: RegistryInfo) -> list[Flowable]:
    fields = merge_fields(letter, registry)

    def paragraphs(section: str, style: ParagraphStyle = BODY) -> list[Flowable]:
        return [Paragraph(escape(merge(p, fields)), style) for p in template.paragraphs(section)]

    signature = "<br/>".join(escape(merge(line, fields)) for line in template.lines("signature"))
    story: list[Flowable] = [LetterMark(letter.patient_id), Paragraph(escape(fields["letter.date"]), BODY),
                             Spacer(1, 8), *_address(letter, fields), Spacer(1, 10),
                             *paragraphs("subject", SUBJECT), *paragraphs("salutation"), *paragraphs("body")]
    if template.questions:
        story += [Spacer(1, 2), _questions(template, fields), Spacer(1, 10)]
    story.append(KeepTogether([*paragraphs("closing"), Spacer(1, 22), Paragraph(signature, SMALL)]))
    return story


def render_letters(letters: list[LetterData], template: str, registry_info: RegistryInfo) -> bytes:
    """One PDF holding every letter (each starting on a new page). ``template`` is the template text;
    a template error (``TemplateError``) is raised before anything is drawn."""
    parsed = parse_template(template)
    if not letters:
        raise ValueError("no letters to render")
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=LETTER, title="Follow-up letters", author=registry_info.name,
                          leftMargin=inch, rightMargin=inch, topMargin=1.45 * inch, bottomMargin=0.85 * inch)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="letter",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("letter", [frame], onPage=_letterhead(registry_info), onPageEnd=_footer)])
    story: list[Flowable] = []
    for index, letter in enumerate(letters):
        if index:
            story.append(PageBreak())
        story += _letter(letter, parsed, registry_info)
    doc.build(story)
    return buffer.getvalue()
