"""Answer boxes for the follow-up questions: tick boxes, date boxes and ruled lines (reportlab flowables)."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

FONT, SIZE = "Helvetica", 9.5
BOX = 9.0


class ChoiceBoxes(Flowable):
    """A tick box before each option, laid out left to right and wrapped to the available width."""

    def __init__(self, options: tuple[str, ...]) -> None:
        super().__init__()
        self.options = options
        self._placed: list[tuple[float, float, str]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        x, row, self._placed = 0.0, 0, []
        for option in self.options:
            width = BOX + 4 + stringWidth(option, FONT, SIZE) + 14
            if x and x + width > avail_width:
                x, row = 0.0, row + 1
            self._placed.append((x, row, option))
            x += width
        self.rows = row + 1
        self.width, self.height = avail_width, self.rows * 16 + 2
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(FONT, SIZE)
        canvas.setLineWidth(0.8)
        for x, row, option in self._placed:
            y = self.height - (row + 1) * 16 + 4
            canvas.rect(x, y, BOX, BOX, stroke=1, fill=0)
            canvas.drawString(x + BOX + 4, y + 1.5, option)


class DateBoxes(Flowable):
    """Month / day / year boxes with small captions."""

    GROUPS = (("month", 2), ("day", 2), ("year", 4))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, 26
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.8)
        x, cell = 0.0, 13.0
        for index, (caption, count) in enumerate(self.GROUPS):
            for i in range(count):
                canvas.rect(x + i * cell, 10, cell, cell + 2, stroke=1, fill=0)
            canvas.setFont(FONT, 6.5)
            canvas.drawString(x, 2, caption)
            x += count * cell
            if index < len(self.GROUPS) - 1:
                canvas.setFont(FONT, 12)
                canvas.drawString(x + 3, 12, "/")
                x += 12


class RuledLines(Flowable):
    """``count`` lines to write on."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.count * 18
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setLineWidth(0.5)
        for i in range(self.count):
            self.canv.line(0, i * 18 + 2, self.width, i * 18 + 2)


class LetterMark(Flowable):
    """Invisible marker telling the page decorations which patient's letter is on the page."""

    def __init__(self, patient_id: str) -> None:
        super().__init__()
        self.patient_id = patient_id

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.followup_patient_id = self.patient_id
