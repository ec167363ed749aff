"""Evaluate one schema against a context: inputs, defaults, mappings in order, outputs.

Follows the reference decision-engine flow (``staging-edits-codes.md`` §1.3 step 5):

a. trim every value; each input absent from the context takes its default (``{{key}}`` resolved) or
   blank; a non-blank value is validated against the input's table (invalid -> error
   INVALID_REQUIRED_INPUT / INVALID_NON_REQUIRED_INPUT; processing stops only when the schema's
   ``on_invalid_input`` is FAIL, or FAIL_WHEN_USED_FOR_STAGING and the input is used for staging);
b. every output key enters the context with its default, then the schema initial context;
c. each mapping runs when all inclusion tables match and no exclusion table matches; its initial
   context is applied, then each table path: input renaming, table evaluation following JUMPs
   (loop guarded), VALUE endpoints written under the renamed output keys, temporary keys removed;
   STOP ends the mapping;
d. only output keys are kept; outputs having a table are validated (INVALID_OUTPUT).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from registry.staging import results as r
from registry.staging.ranges import translate
from registry.staging.results import StagingError
from registry.staging.schemas import Input, Mapping, Schema, TablePath
from registry.staging.tables import Table

Context = dict[str, str | None]
TableGetter = Callable[[str], Table | None]


class Run:
    """One evaluation: the context, the errors and the path of ``mapping.table`` ids visited."""

    def __init__(self, schema: Schema, tables: TableGetter, context: Context) -> None:
        self.schema = schema
        self.tables = tables
        self.context = context
        self.errors: list[StagingError] = []
        self.path: list[str] = []

    def error(self, key: str, message: str, kind: str, table: str | None = None, columns: tuple[str, ...] = ()) -> None:
        self.errors.append(StagingError(key, message, kind, table, columns))


@dataclass(frozen=True, slots=True)
class InputPlan:
    """An input with its validation table resolved once (and a memoised check for one-column tables)."""

    key: str
    item: Input
    table: Table | None
    check: Callable[[str], bool] | None
    literal_default: str | None


def plan_inputs(schema: Schema, tables: TableGetter) -> tuple[InputPlan, ...]:
    """Resolve every input's table ahead of staging (done once per schema by the Algorithm)."""
    plans = []
    for item in schema.inputs:
        table = tables(item.table) if item.table else None
        check = table.single_key_check(item.key) if table else None
        literal = item.default if item.default is not None and not item.default.startswith("{{") else None
        plans.append(InputPlan(item.key, item, table, check, literal))
    return tuple(plans)


def process(
    schema: Schema, tables: TableGetter, context: Context, plans: tuple[InputPlan, ...] | None = None
) -> tuple[bool, Run]:
    """Stage ``context`` with ``schema``; returns (False, run) when invalid input stopped processing.

    The run works on a trimmed copy of ``context`` (``run.context``), which ends holding the outputs.
    """
    context = {key: value if value is None else value.strip() for key, value in context.items()}
    run = Run(schema, tables, context)
    stop = False
    for plan in plans if plans is not None else plan_inputs(schema, tables):
        value = context.get(plan.key)
        if value is None and plan.literal_default is not None:
            value = context[plan.key] = plan.literal_default
        if value and plan.check is not None and plan.check(value):
            continue
        stop = _check_input(run, plan) or stop
    if stop:
        return False, run
    for output in schema.outputs:
        default = output.default
        context[output.key] = "" if default is None else default if default[:2] != "{{" else translate(default, context)
    for key, value in schema.initial_context:
        context[key] = translate(value, context)
    for mapping in schema.mappings:
        if _involved(run, mapping):
            _run_mapping(run, mapping)
    _keep_outputs(run)
    return True, run


def _default(run: Run, item: Input) -> str | None:
    if item.default is not None:
        return translate(item.default, run.context)
    if item.default_table is None:
        return ""
    table = run.tables(item.default_table)
    if table is None:
        run.error(item.key, f"Default table does not exist: {item.default_table}", r.UNKNOWN_TABLE)
        return None
    for endpoint in table.match(run.context) or ():
        if endpoint.type == "VALUE" and endpoint.key == item.key:
            return translate(endpoint.value, run.context)
    run.error(item.key, f"Default table {item.default_table} did not find a match", r.MATCH_NOT_FOUND)
    return None


def _check_input(run: Run, plan: InputPlan) -> bool:
    """Apply the default and validate one input; True when processing must stop."""
    item, context = plan.item, run.context
    value = context.get(item.key)
    if value is None:
        value = _default(run, item)
        if value is None:
            return False
        context[item.key] = value
    if not value or item.table is None:
        return False
    if plan.table is None:
        run.error(item.key, f"Input table does not exist: {item.table}", r.UNKNOWN_TABLE)
        return False
    if plan.check(value) if plan.check is not None else plan.table.find_row(context) is not None:
        return False
    kind = r.INVALID_REQUIRED_INPUT if item.used_for_staging else r.INVALID_NON_REQUIRED_INPUT
    run.error(item.key, f"Invalid '{item.key}' value ({value})", kind, item.table)
    policy = run.schema.on_invalid_input
    return policy == "FAIL" or (item.used_for_staging and policy == "FAIL_WHEN_USED_FOR_STAGING")


def _path_context(context: Context, path: TablePath) -> Context:
    local = dict(context)
    for source, target in path.input_mapping:
        if source in local:
            local[target] = local[source]
    return local


def _involved(run: Run, mapping: Mapping) -> bool:
    """All inclusion tables match and no exclusion table matches (each with its own key renaming)."""
    for path in mapping.inclusion_tables:
        if _required_table(run, path.id).find_row(_path_context(run.context, path)) is None:
            return False
    for path in mapping.exclusion_tables:
        if _required_table(run, path.id).find_row(_path_context(run.context, path)) is not None:
            return False
    return True


def _required_table(run: Run, table_id: str) -> Table:
    table = run.tables(table_id)
    if table is None:
        raise LookupError(f"schema {run.schema.id!r}: inclusion/exclusion table {table_id!r} does not exist")
    return table


def _run_mapping(run: Run, mapping: Mapping) -> None:
    context = run.context
    for path in (*mapping.inclusion_tables, *mapping.exclusion_tables):
        run.path.append(f"{mapping.id}.{path.id}")
    for key, value in mapping.initial_context:
        context[key] = value
    for path in mapping.tables:
        for source, target in path.input_mapping:
            if source not in context:
                run.error(source, f"Input mapping '{source}' does not exist for table '{path.id}'",
                          r.UNKNOWN_INPUT_MAPPING, path.id)
                continue
            context[target] = context[source]
        keep_going = _evaluate(run, mapping.id, path.id, path, [])
        for _source, target in path.input_mapping:
            context.pop(target, None)
        if not keep_going:
            break


def _evaluate(run: Run, mapping_id: str, table_id: str, path: TablePath, stack: list[str]) -> bool:
    """Evaluate one table (and its JUMPs); False when a STOP endpoint ends the mapping."""
    table = run.tables(table_id)
    if table is None:
        run.error(table_id, f"The processing of '{path.id}' contains a reference to an unknown table: '{table_id}'",
                  r.UNKNOWN_TABLE, table_id)
        return True
    if table_id in stack:
        run.error(table_id, f"The processing of '{path.id}' has entered an infinite recursive state.  "
                  f"Table '{table_id}' was accessed multiple times.", r.INFINITE_LOOP, table_id)
        return True
    run.path.append(f"{mapping_id}.{table_id}")
    stack.append(table_id)
    keep_going = True
    endpoints = table.match(run.context)
    if endpoints is None:
        message = f"Match not found in table '{table_id}' ({table.inputs_as_text(run.context)})"
        key = table.endpoint_keys[0] if table.endpoint_keys else table_id
        run.error(_renamed(path, key), message, r.MATCH_NOT_FOUND, table_id, table.endpoint_keys)
        endpoints = ()
    for endpoint in endpoints:
        if endpoint.type == "STOP":
            keep_going = False
        elif endpoint.type == "JUMP":
            keep_going = _evaluate(run, mapping_id, endpoint.value or "", path, stack)
        elif endpoint.type == "ERROR":
            _endpoint_error(run, table, endpoint.key, endpoint.value, path)
        elif endpoint.type == "VALUE":
            _set_value(run, path, endpoint.key, endpoint.value)
    stack.pop()
    return keep_going


def _renamed(path: TablePath, key: str) -> str:
    return next((target for source, target in path.output_mapping if source == key), key)


def _endpoint_error(run: Run, table: Table, key: str, message: str | None, path: TablePath) -> None:
    if not message:
        message = (f"Matching resulted in an error in table '{table.id}' for column '{key}' "
                   f"({table.inputs_as_text(run.context)})")
    run.error(_renamed(path, key), message, r.STAGING_ERROR, table.id, (key,))


def _set_value(run: Run, path: TablePath, key: str, value: str | None) -> None:
    targets = [target for source, target in path.output_mapping if source == key] or [key]
    for target in targets:
        if value is None:
            run.context.pop(target, None)
        else:
            run.context[target] = translate(value, run.context)


def _keep_outputs(run: Run) -> None:
    """Drop every non-output key, then validate outputs that have a table."""
    schema, context = run.schema, run.context
    if not schema.output_map:
        return
    for key in [k for k in context if k not in schema.output_map]:
        del context[key]
    for key in list(context):
        output = schema.output_map[key]
        if output.table is None:
            continue
        table = run.tables(output.table)
        if table is None:
            run.error(key, f"Output table does not exist: {output.table}", r.UNKNOWN_TABLE)
        elif table.find_row(context) is None:
            value = context.get(key) or "<blank>"
            run.error(key, f"Invalid '{key}' value ({value})", r.INVALID_OUTPUT, output.table)
