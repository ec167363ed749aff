"""Multiple-primary decisions taken when a new tumor report arrives for a patient who already has tumors.

One row per arrival (an imported tumor, a casefinding case abstracted or linked): what the rules said
(``result`` same/new/review, the ``rule`` that decided and its ``reason``), the tumors compared, and for a
"review" the manual decision (``status`` open -> resolved, ``resolution`` same/new, who, when, why).
The report itself is kept as it arrived (site, histology, behavior, laterality, date) so the review page can
show it beside the existing tumors even for a casefinding case that never became a tumor.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.abstracting.models import Patient, Tumor
from registry.core.base import JsonType, UtcDateTime, utcnow
from registry.extensions import db

# status of a decision row: taken by the rules (or the linking registrar), waiting in the queue, or resolved
DECIDED, OPEN, RESOLVED = "decided", "open", "resolved"
SOURCES = ("import", "casefinding", "link")
# Tumor.status of a report decided to be the same primary as another tumor: out of queues and submissions
SAME_PRIMARY_STATUS = "same_primary"


class MpDecision(db.Model):
    __tablename__ = "mp_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    tumor_id: Mapped[int | None] = mapped_column(ForeignKey("tumor.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("casefinding_case.id", ondelete="SET NULL"), index=True)
    source: Mapped[str] = mapped_column(String(12))
    report: Mapped[dict] = mapped_column(JsonType)  # the new report's MP items as it arrived
    compared: Mapped[list] = mapped_column(JsonType)  # ids of the existing tumors it was compared with
    result: Mapped[str] = mapped_column(String(6))  # what the rules said: same / new / review
    rule: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    matched_tumor_id: Mapped[int | None] = mapped_column(ForeignKey("tumor.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), index=True)  # decided / open / resolved
    resolution: Mapped[str | None] = mapped_column(String(6))  # the final answer once resolved: same / new
    previous_status: Mapped[str | None] = mapped_column(String(12))  # the tumor's status before same_primary
    resolved_by: Mapped[str | None] = mapped_column(String(80))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolution_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    created_by: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, default=1)

    patient: Mapped[Patient] = relationship()
    tumor: Mapped[Tumor | None] = relationship(foreign_keys=[tumor_id])
    matched_tumor: Mapped[Tumor | None] = relationship(foreign_keys=[matched_tumor_id])

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (two registrars resolving at once)

    @property
    def final_result(self) -> str:
        """The answer that stands: the registrar's resolution, else what the rules said."""
        return self.resolution or self.result
