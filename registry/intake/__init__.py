"""Intake: every report kept as a source record and linked to the right person and tumor (issue 13).

``models`` (source records, the linkage review queue), ``sources`` (who sent a report), ``values`` (which values a
report may fill or correct), ``pipeline`` (:class:`FileIntake`, the entry point an
import calls). See docs/intake.md.
"""
