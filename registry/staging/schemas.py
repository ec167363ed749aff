"""Staging schemas (``schemas/<id>.json`` in an algorithm zip): inputs, outputs and ordered mappings.

Field meanings follow the algorithm JSON as shipped (``staging-edits-codes.md`` §1.2): an input has a
key, a name, its NAACCR item number and XML id when the file gives them, a validation table, a
default (possibly a ``{{key}}`` reference) and ``used_for_staging``; a mapping has inclusion and
exclusion tables, an initial context and an ordered list of table paths with input/output key
renaming.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Metadata:
    name: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Input:
    """One schema input (e.g. ``site``, ``eod_primary_tumor``, ``ssf1``)."""

    key: str
    name: str
    naaccr_item: int | None = None
    naaccr_xml_id: str | None = None
    table: str | None = None
    default: str | None = None
    default_table: str | None = None
    used_for_staging: bool = False
    description: str | None = None
    metadata: tuple[Metadata, ...] = ()


@dataclass(frozen=True, slots=True)
class Output:
    """One schema output (e.g. ``ss2018_derived``, ``ajcc7_stage``, ``derived_version``)."""

    key: str
    name: str
    naaccr_item: int | None = None
    naaccr_xml_id: str | None = None
    default: str | None = None
    table: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class TablePath:
    """A table to evaluate in a mapping, with ``from -> to`` key renaming before and after."""

    id: str
    input_mapping: tuple[tuple[str, str], ...] = ()
    output_mapping: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Mapping:
    id: str
    name: str
    inclusion_tables: tuple[TablePath, ...] = ()
    exclusion_tables: tuple[TablePath, ...] = ()
    initial_context: tuple[tuple[str, str | None], ...] = ()
    tables: tuple[TablePath, ...] = ()


@dataclass(frozen=True)
class Schema:
    id: str
    algorithm: str
    version: str
    name: str
    title: str
    subtitle: str | None
    notes: str | None
    selection_table: str
    discriminators: tuple[str, ...]
    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...]
    mappings: tuple[Mapping, ...]
    initial_context: tuple[tuple[str, str | None], ...]
    on_invalid_input: str
    schema_num: str | None = None
    input_map: dict[str, Input] = field(default_factory=dict, compare=False, repr=False)
    output_map: dict[str, Output] = field(default_factory=dict, compare=False, repr=False)

    def input(self, key: str) -> Input | None:
        return self.input_map.get(key)


def _pairs(items: list[dict[str, Any]] | None, first: str, second: str) -> tuple[tuple[str, Any], ...]:
    return tuple((item[first], item.get(second)) for item in items or ())


def _path(data: MappingABC[str, Any]) -> TablePath:
    return TablePath(
        id=data["id"],
        input_mapping=_pairs(data.get("input_mapping"), "from", "to"),
        output_mapping=_pairs(data.get("output_mapping"), "from", "to"),
    )


def _mapping(data: MappingABC[str, Any]) -> Mapping:
    return Mapping(
        id=data["id"],
        name=data.get("name", data["id"]),
        inclusion_tables=tuple(_path(p) for p in data.get("inclusion_tables") or ()),
        exclusion_tables=tuple(_path(p) for p in data.get("exclusion_tables") or ()),
        initial_context=_pairs(data.get("initial_context"), "key", "value"),
        tables=tuple(_path(p) for p in data.get("tables") or ()),
    )


def _metadata(data: str | MappingABC[str, Any]) -> Metadata:
    """CS lists metadata as plain names; EOD and Pediatric as {name, start, end}."""
    if isinstance(data, str):
        return Metadata(data)
    return Metadata(data["name"], data.get("start"), data.get("end"))


def _input(data: MappingABC[str, Any]) -> Input:
    return Input(
        key=data["key"],
        name=data.get("name", data["key"]),
        naaccr_item=data.get("naaccr_item"),
        naaccr_xml_id=data.get("naaccr_xml_id"),
        table=data.get("table"),
        default=data.get("default"),
        default_table=data.get("default_table"),
        used_for_staging=bool(data.get("used_for_staging", False)),
        description=data.get("description"),
        metadata=tuple(_metadata(m) for m in data.get("metadata") or ()),
    )


def _output(data: MappingABC[str, Any]) -> Output:
    return Output(
        key=data["key"],
        name=data.get("name", data["key"]),
        naaccr_item=data.get("naaccr_item"),
        naaccr_xml_id=data.get("naaccr_xml_id"),
        default=data.get("default"),
        table=data.get("table"),
        description=data.get("description"),
    )


def parse_schema(data: MappingABC[str, Any]) -> Schema:
    """Build a Schema from its JSON; an initial context may not set an input key (reference rule)."""
    inputs = tuple(_input(i) for i in data.get("inputs") or ())
    outputs = tuple(_output(o) for o in data.get("outputs") or ())
    schema = Schema(
        id=data["id"],
        algorithm=data.get("algorithm", ""),
        version=data.get("version", ""),
        name=data.get("name", data["id"]),
        title=data.get("title") or data.get("name", data["id"]),
        subtitle=data.get("subtitle"),
        notes=data.get("notes"),
        selection_table=data["schema_selection_table"],
        discriminators=tuple(data.get("schema_discriminators") or ()),
        inputs=inputs,
        outputs=outputs,
        mappings=tuple(_mapping(m) for m in data.get("mappings") or ()),
        initial_context=_pairs(data.get("initial_context"), "key", "value"),
        on_invalid_input=data.get("on_invalid_input") or "CONTINUE",
        schema_num=data.get("schema_num"),
        input_map={i.key: i for i in inputs},
        output_map={o.key: o for o in outputs},
    )
    for mapping in schema.mappings:
        for key, _value in mapping.initial_context:
            if key in schema.input_map:
                raise ValueError(f"schema {schema.id!r}: initial context of {mapping.id!r} sets input {key!r}")
    return schema
