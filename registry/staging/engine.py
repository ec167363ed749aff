"""Public staging API: load an algorithm zip as shipped and stage tumors with it.

``load_algorithm("eod_public", "3.3")`` (also ``"cs", "02.05.50"`` and ``"pediatric", "1.3"``) reads
``registry/staging/data/<name>-<version>.zip`` once and caches it; tables are compiled on first use.
``Algorithm.stage(inputs)`` follows the reference ``stage()`` flow (``staging-edits-codes.md`` §1.3):

1. site or histology missing (absent or blank) -> FAILED_MISSING_SITE_OR_HISTOLOGY;
2. schema lookup with every supplied input -> FAILED_NO_MATCHING_SCHEMA, or
   FAILED_MULTIPLE_MATCHING_SCHEMAS with the discriminator questions to ask;
3. a supplied key that is not an input of the schema -> FAILED_INVALID_INPUT (error per key);
4. year of diagnosis not valid for the schema -> FAILED_INVALID_YEAR_DX;
5. decision-table evaluation (``process.py``) -> STAGED with outputs and any errors.
"""

from __future__ import annotations

import datetime
import functools
import json
import threading
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import PurePosixPath

from registry.staging import results as r
from registry.staging.process import InputPlan, plan_inputs, process
from registry.staging.ranges import range_contains
from registry.staging.results import StagingError, StagingResult
from registry.staging.schemas import Schema, parse_schema
from registry.staging.selection import HIST, SITE, SchemaSelector
from registry.staging.tables import Table

YEAR_DX = "year_dx"
CTX_ALG_VERSION = "ctx_alg_version"
CTX_YEAR_CURRENT = "ctx_year_current"
_DATA = "registry.staging"


class AlgorithmNotFound(LookupError):
    """No zip for the requested algorithm name and version ships with the product."""


class Algorithm:
    """One staging algorithm version: its schemas, its tables and the schema selector."""

    def __init__(self, name: str, version: str, schemas: list[Schema], table_json: dict[str, bytes]) -> None:
        self.name = name
        self.version = version
        self._schemas = {s.id: s for s in sorted(schemas, key=lambda s: s.id)}
        self._table_json = table_json
        self._tables: dict[str, Table] = {}
        self._plans: dict[str, tuple[InputPlan, ...]] = {}
        self._lock = threading.Lock()
        self.selector = SchemaSelector(list(self._schemas.values()), self.table)

    def __repr__(self) -> str:
        return f"Algorithm({self.name!r}, {self.version!r})"

    @property
    def schema_ids(self) -> list[str]:
        return list(self._schemas)

    @property
    def table_ids(self) -> list[str]:
        return sorted(self._table_json)

    def schema(self, schema_id: str) -> Schema:
        """The schema with this id; KeyError when the algorithm has none."""
        return self._schemas[schema_id]

    def table(self, table_id: str) -> Table | None:
        """The compiled table with this id (compiled on first use), or None when there is none."""
        table = self._tables.get(table_id)
        if table is None and table_id in self._table_json:
            with self._lock:
                table = self._tables.get(table_id)
                if table is None:
                    table = Table(json.loads(self._table_json[table_id]))
                    self._tables[table_id] = table
        return table

    def context_values(self) -> dict[str, str]:
        """The context keys every evaluation gets: algorithm version and current calendar year."""
        return {CTX_ALG_VERSION: self.version, CTX_YEAR_CURRENT: str(datetime.date.today().year)}

    def lookup_schema(self, inputs: Mapping[str, str | None] | None = None, **keys: str) -> list[Schema]:
        """Schemas selected by site, hist and any discriminator keys given (dict and/or keywords)."""
        return self.selector.lookup({**(inputs or {}), **keys})

    def is_code_valid(self, schema_id: str, key: str, value: str) -> bool:
        """Whether ``value`` is an allowed code for input ``key`` of the schema (False if unknown)."""
        schema = self._schemas.get(schema_id)
        if schema is None or key not in schema.input_map:
            return False
        return self._context_valid(schema, key, {key: value, **self.context_values()})

    def _context_valid(self, schema: Schema, key: str, context: Mapping[str, str | None]) -> bool:
        item = schema.input_map.get(key)
        if item is None:
            return False
        if item.table is None:
            return True
        table = self.table(item.table)
        if table is None:
            return False
        trimmed = dict(context)
        for column in table.input_keys:
            trimmed[column] = (trimmed.get(column) or "").strip()
        return table.find_row(trimmed) is not None

    def stage(self, inputs: Mapping[str, str | None]) -> StagingResult:
        """Stage one tumor given algorithm input keys to NAACCR code strings (absent = not supplied)."""
        data = {k: v for k, v in inputs.items() if v is not None}
        missing = [k for k in (SITE, HIST) if not data.get(k)]
        if missing:
            errors = [StagingError(k, f"'{k}' is required to select a schema", r.MISSING_INPUT) for k in missing]
            return StagingResult(r.FAILED_MISSING_SITE_OR_HISTOLOGY, errors=errors)
        schemas = self.selector.lookup(data)
        if not schemas:
            return StagingResult(r.FAILED_NO_MATCHING_SCHEMA)
        if len(schemas) > 1:
            return self._ambiguous(schemas, data)
        return self._stage_schema(schemas[0], data)

    def _ambiguous(self, schemas: list[Schema], data: dict[str, str]) -> StagingResult:
        questions = self.selector.questions(schemas, data, self.context_values())
        errors = [StagingError(q.key, q.message(), r.DISCRIMINATOR_NEEDED) for q in questions]
        return StagingResult(
            r.FAILED_MULTIPLE_MATCHING_SCHEMAS,
            errors=errors,
            candidate_schemas=tuple(s.id for s in schemas),
            discriminators=questions,
        )

    def _stage_schema(self, schema: Schema, data: dict[str, str]) -> StagingResult:
        unknown = [k for k in data if k not in schema.input_map]
        if unknown:
            errors = [StagingError(k, f"Unknown input key supplied: {k}", r.UNKNOWN_INPUT) for k in unknown]
            return StagingResult(r.FAILED_INVALID_INPUT, schema.id, errors=errors)
        context: dict[str, str | None] = {**data, **self.context_values()}
        if not self._context_valid(schema, YEAR_DX, context):
            return StagingResult(r.FAILED_INVALID_YEAR_DX, schema.id)
        plans = self._plans.get(schema.id)
        if plans is None:
            plans = self._plans[schema.id] = plan_inputs(schema, self.table)
        ok, run = process(schema, self.table, context, plans)
        if not ok:
            return StagingResult(r.FAILED_INVALID_INPUT, schema.id, errors=run.errors, path=run.path)
        output = {o.key: run.context.get(o.key) or "" for o in schema.outputs if o.key in run.context}
        return StagingResult(r.STAGED, schema.id, output, run.errors, run.path)


@functools.cache
def _zip_contents(name: str, version: str) -> tuple[tuple[Schema, ...], dict[str, bytes]]:
    """The parsed schemas and the raw table JSON of a shipped zip, read once. Both are immutable and shared by
    every Algorithm built from them; tables are compiled, and their memos filled, per Algorithm."""
    resource = resources.files(_DATA).joinpath("data", f"{name}-{version}.zip")
    if not resource.is_file():
        raise AlgorithmNotFound(f"no staging algorithm {name} {version}; available: {available_algorithms()}")
    schemas: list[Schema] = []
    tables: dict[str, bytes] = {}
    with resource.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        for info in archive.infolist():
            path = PurePosixPath(info.filename)
            if path.suffix != ".json" or len(path.parts) != 2:
                continue
            if path.parts[0] == "schemas":
                schemas.append(parse_schema(json.loads(archive.read(info))))
            elif path.parts[0] == "tables":
                tables[path.stem] = archive.read(info)
    return tuple(schemas), tables


_CACHE: dict[tuple[str, str], Algorithm] = {}
_CACHE_LOCK = threading.Lock()


def load_algorithm(name: str, version: str) -> Algorithm:
    """The algorithm ``name`` ``version`` from the shipped zips, loaded once and cached."""
    key = (name, version)
    with _CACHE_LOCK:
        if key not in _CACHE:
            schemas, tables = _zip_contents(name, version)
            _CACHE[key] = Algorithm(name, version, list(schemas), tables)
        return _CACHE[key]


@contextmanager
def fresh_algorithms() -> Iterator[None]:
    """Inside the block, :func:`load_algorithm` builds new Algorithm objects (no table compiled, no memo
    filled, no schema candidates cached), so what is staged there is staged as by a process that has staged
    nothing before; the shared algorithms come back afterwards. For the tests and
    ``bench/staging_consistency.py``, which compare a stream of derivations with each derivation alone; not for
    use while other threads stage."""
    with _CACHE_LOCK:
        shared = dict(_CACHE)
        _CACHE.clear()
    range_contains.cache_clear()
    try:
        yield
    finally:
        with _CACHE_LOCK:
            _CACHE.clear()
            _CACHE.update(shared)


def available_algorithms() -> list[tuple[str, str]]:
    """(name, version) of every algorithm zip shipped in ``registry/staging/data``."""
    folder = resources.files(_DATA).joinpath("data")
    found = [entry.name[: -len(".zip")].rsplit("-", 1) for entry in folder.iterdir() if entry.name.endswith(".zip")]
    return sorted((parts[0], parts[1]) for parts in found if len(parts) == 2)
