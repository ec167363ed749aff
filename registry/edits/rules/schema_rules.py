"""Edits on the 2018+ staging items: Schema ID by year, SSDI/grade values and required SSDIs by schema, stage.

The schema-specific code lists and the "required by" metadata come from the EOD Public 3.3 schemas
(registry/edits/schemas.py). Schema ID / year follows "_SYS Schema ID, Date of Diagnosis (NAACCR)" (N2823);
summary stage and behavior follow the in situ rows of the Summary Stage 2018 tables (stage 0 = in situ).
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.edits import dates
from registry.edits.define import ALL_SETS, REVIEW_SETS, edit, item_names, per_item_edit
from registry.edits.model import Record
from registry.edits.schemas import eod_schemas

SCHEMA, DX, BEH = "schemaId", "dateOfDiagnosis", "behaviorCodeIcdO3"
ANALYTIC_CLASSES = frozenset({"00", "10", "11", "12", "13", "14", "20", "21", "22"})


@edit("IF120", "Schema ID, Date of Diagnosis (modelled on NAACCR N2823)", (SCHEMA, DX), requires=(DX,),
      message="{@schemaId} '{schemaId}' does not fit {@dateOfDiagnosis} {dateOfDiagnosis}",
      rule="NAACCR N2823: Schema ID is blank before 2018 and present 2018+; 00520 only 2018-2020; 00528/09520 only "
           "2021+; 09721-09724, 09190, 09210 only 2023+; 00721-00723, 00190, 00210 not 2023+")
def schema_for_year(r: Record) -> bool:
    """Skipped if Date of Diagnosis is blank or invalid."""
    year = dates.year_of(r[DX])
    sid = r.get(SCHEMA, "")
    if year is None:
        return True
    if year < 2018:
        return not sid
    if not sid:
        return False
    if sid == "00520":
        return year <= 2020
    if sid in ("09520", "00528"):
        return year >= 2021
    if sid in ("09721", "09722", "09723", "09724", "09190", "09210"):
        return year >= 2023
    return not (year >= 2023 and sid in ("00721", "00722", "00723", "00190", "00210"))


def _schema_and_year(r: Record) -> tuple[object, int] | None:
    year = dates.year_of(r.get(DX))
    schema = eod_schemas().get(r.get(SCHEMA, ""))
    if year is None or year < 2018 or schema is None:
        return None
    return schema, year


def invalid_ssdi_values(r: Record) -> Iterator[tuple[str, str]]:
    found = _schema_and_year(r)
    if found is None:
        return
    schema = found[0]
    for item in schema.inputs:  # type: ignore[attr-defined]
        value = r.get(item.naaccr_id)
        if value and item.codes is not None and value not in item.codes:
            yield item.naaccr_id, (f"{item_names().get(item.naaccr_id, item.naaccr_id)}: '{value}' is not a valid "
                                   f"code for schema {schema.name} ({schema.naaccr_schema_id})")  # type: ignore


def missing_ssdis(r: Record) -> Iterator[tuple[str, str]]:
    found = _schema_and_year(r)
    if found is None or r.get("typeOfReportingSource") == "7":
        return
    schema, year = found
    analytic = r.get("classOfCase", "") in ANALYTIC_CLASSES
    for item in schema.inputs:  # type: ignore[attr-defined]
        if r.get(item.naaccr_id) or (item.codes is not None and "" in item.codes.values):
            continue
        if item.required_in(year, analytic):
            yield item.naaccr_id, (f"{item_names().get(item.naaccr_id, item.naaccr_id)} is required for schema "
                                   f"{schema.name} ({schema.naaccr_schema_id}) in {year}")  # type: ignore


def _schema_items() -> tuple[str, ...]:
    return tuple(sorted({i.naaccr_id for s in eod_schemas().values() for i in s.inputs}))


def register() -> None:
    """Add the schema-driven per-item edits IF121 and IF122."""
    items = (SCHEMA, DX, *_schema_items())
    per_item_edit("IF121", "SSDI and Grade values, Schema ID (EOD Public 3.3)", items, fn=invalid_ssdi_values,
                  requires=(SCHEMA, DX), sets=ALL_SETS,
                  rule="SEER EOD Public 3.3 schema input tables: each SSDI, grade and EOD item holds a code valid "
                       "for the case's schema (Schema ID #3800), dx 2018+",
                  description="Skipped if Schema ID or Date of Diagnosis is blank, the year is before 2018, or the "
                              "Schema ID is not an EOD Public 3.3 schema.")
    per_item_edit("IF122", "Required SSDIs, Schema ID (EOD Public 3.3)", items, fn=missing_ssdis, severity="warning",
                  requires=(SCHEMA, DX), sets=REVIEW_SETS,
                  rule="SEER EOD Public 3.3 input metadata COC_REQUIRED, NPCR_REQUIRED, SEER_REQUIRED, CCCR_REQUIRED "
                       "(by diagnosis year) and SEER_REQUIRED_WHEN_COC_ANALYTIC (class of case 00-22)",
                  description="Skipped if Schema ID or Date of Diagnosis is blank, the year is before 2018, the "
                              "schema is unknown, or the case is death certificate only (reporting source 7).")


@edit("IF123", "Summary Stage 2018, Behavior Code ICDO3 (SEER)", ("summaryStage2018", BEH, DX),
      requires=("summaryStage2018", BEH),
      message="{@summaryStage2018} {summaryStage2018} conflicts with {@behaviorCodeIcdO3} {behaviorCodeIcdO3}",
      rule="Summary Stage 2018: stage 0 (in situ) if and only if behavior 2 (in situ), for behaviors 2 and 3")
def summary_stage_2018_behavior(r: Record) -> bool:
    """Skipped if stage or behavior is blank, or behavior is 0/1 (stage 8 is not checked here)."""
    beh, stage = r[BEH], r["summaryStage2018"]
    if beh not in ("2", "3"):
        return True
    return (stage == "0") == (beh == "2")


@edit("IF124", "SEER Summary Stage 2000, Behavior Code ICDO3 (SEER)", ("seerSummaryStage2000", BEH),
      message="{@seerSummaryStage2000} {seerSummaryStage2000} conflicts with {@behaviorCodeIcdO3} {behaviorCodeIcdO3}",
      rule="SEER Summary Staging Manual 2000: stage 0 (in situ) if and only if behavior 2, for behaviors 2 and 3")
def summary_stage_2000_behavior(r: Record) -> bool:
    """Skipped if stage or behavior is blank, or behavior is 0/1."""
    beh, stage = r[BEH], r["seerSummaryStage2000"]
    if beh not in ("2", "3"):
        return True
    return (stage == "0") == (beh == "2")


@edit("IF125", "Summary Stage 2018, Date of Diagnosis (NAACCR)", ("summaryStage2018", DX), severity="warning",
      message="{@summaryStage2018} is for cases diagnosed 2018 or later, not {dateOfDiagnosis}",
      rule="NAACCR v18: Summary Stage 2018 #764 is coded for dx 2018+")
def summary_stage_2018_year(r: Record) -> bool:
    """Skipped if either item is blank or the date is invalid."""
    year = dates.year_of(r[DX])
    return year is None or year >= 2018
