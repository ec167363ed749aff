"""Schema selection by primary site, histology and discriminators, and what to ask when it is ambiguous.

Reference rule (``staging-edits-codes.md`` §1.3): every schema's ``schema_selection_table`` is
evaluated against the supplied lookup keys only (keys the table does not have are ignored, keys not
supplied are not tested). A supplied site or histology must be valid per the algorithm's
``primary_site`` / ``histology`` tables, else nothing matches; a discriminator without both site and
histology matches nothing. When several schemas match, the registrar is asked for the keys listed in
those schemas' ``schema_discriminators``, with the question and codes taken from the input's table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from registry.staging.results import AllowedValue, DiscriminatorQuestion
from registry.staging.schemas import Input, Schema
from registry.staging.tables import Table

SITE, HIST = "site", "hist"
_REFERENCE = re.compile(r"\{\{(.*?)\}\}")


class SchemaSelector:
    """Finds the schemas whose selection table accepts a lookup; cached for site+histology lookups."""

    def __init__(self, schemas: Sequence[Schema], tables: Callable[[str], Table | None]) -> None:
        self._schemas = tuple(schemas)
        self._tables = tables
        self._selection = tuple((s, self._selection_table(s)) for s in self._schemas)
        self.lookup_keys = frozenset(k for _s, t in self._selection for k in t.input_keys)
        self._ordered_keys = tuple(sorted(self.lookup_keys))
        self.valid_sites = self._valid_values("primary_site")
        self.valid_histologies = self._valid_values("histology")
        # Keyed on (site, histology) only: the cached tuple is every schema that could match with some
        # discriminator, and each lookup still tests those against every supplied key (``lookup``), so the cache
        # never decides between schemas that the same site and histology share.
        self._candidates = lru_cache(maxsize=65536)(self._site_hist_candidates)

    def _selection_table(self, schema: Schema) -> Table:
        table = self._tables(schema.selection_table)
        if table is None:
            raise LookupError(f"schema {schema.id!r}: selection table {schema.selection_table!r} does not exist")
        return table

    def _valid_values(self, table_id: str) -> frozenset[str]:
        table = self._tables(table_id)
        if table is None:
            raise LookupError(f"the algorithm has no {table_id!r} table")
        return table.single_input_values()

    def lookup(self, inputs: Mapping[str, str | None]) -> list[Schema]:
        """Schemas matching the supplied keys (None values count as supplied blanks)."""
        site, hist = inputs.get(SITE), inputs.get(HIST)
        if (site is not None and site not in self.valid_sites) or (
            hist is not None and hist not in self.valid_histologies
        ):
            return []
        if site is None and hist is None:
            return []
        context = {k: inputs[k] or "" for k in self._ordered_keys if k in inputs}
        if site and hist:
            candidates = self._candidates(site, hist)
        elif any(v for k, v in inputs.items() if k not in (SITE, HIST)):
            return []  # a discriminator needs both site and histology
        else:
            candidates = self._selection
        return [s for s, table in candidates if table.find_row(context, context) is not None]

    def _site_hist_candidates(self, site: str, hist: str) -> tuple[tuple[Schema, Table], ...]:
        """Schemas whose selection table has a row accepting this site and histology (other keys ignored)."""
        context = {SITE: site, HIST: hist}
        return tuple((s, t) for s, t in self._selection if t.find_row(context, context) is not None)

    def questions(
        self, candidates: Sequence[Schema], inputs: Mapping[str, str | None], context: Mapping[str, str | None]
    ) -> tuple[DiscriminatorQuestion, ...]:
        """One question per discriminator key of the candidates that was not supplied."""
        keys: list[str] = []
        for schema in candidates:
            keys.extend(k for k in schema.discriminators if k not in keys and not inputs.get(k))
        return tuple(self._question(key, candidates, context) for key in keys)

    def _question(
        self, key: str, candidates: Sequence[Schema], context: Mapping[str, str | None]
    ) -> DiscriminatorQuestion:
        """The input's name (or its table title, e.g. "Schema Discriminator 1: ...") and allowed codes."""
        holders = [s for s in candidates if key in s.input_map]
        first: Input | None = holders[0].input_map[key] if holders else None
        question = first.name if first else key
        values: dict[str, AllowedValue] = {}
        for table in self._input_tables(key, holders):
            if table.title.startswith(question + ":"):
                question = table.title
            for cell, text in table.described_rows():
                code = _display_code(cell, context)
                if code and code not in values:
                    values[code] = AllowedValue(code, text)
        return DiscriminatorQuestion(
            key=key,
            question=question,
            naaccr_xml_id=first.naaccr_xml_id if first else None,
            allowed_values=tuple(values.values()),
            schemas=tuple(s.id for s in candidates),
        )

    def _input_tables(self, key: str, holders: Sequence[Schema]) -> list[Table]:
        tables: list[Table] = []
        for schema in holders:
            table = self._tables(schema.input_map[key].table or "")
            if table is not None and table not in tables:
                tables.append(table)
        return tables


def _display_code(cell: str, context: Mapping[str, str | None]) -> str:
    """A code cell for display: ``{{key}}`` references filled in, blank entries dropped."""
    filled = _REFERENCE.sub(lambda m: context.get(m.group(1)) or "", cell)
    return ", ".join(part.strip() for part in filled.split(",") if part.strip())
