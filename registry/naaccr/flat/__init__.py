"""NAACCR fixed-width ("flat") files, versions 14-18: layouts, reader and writer."""

from registry.naaccr.flat.layout import FLAT_VERSIONS, FlatLayout, LayoutError, layout, line_length
from registry.naaccr.flat.reader import FlatFile, read_flat
from registry.naaccr.flat.writer import FlatWriter, format_value, write_flat

__all__ = [
    "FLAT_VERSIONS",
    "FlatFile",
    "FlatLayout",
    "FlatWriter",
    "LayoutError",
    "format_value",
    "layout",
    "line_length",
    "read_flat",
    "write_flat",
]
