"""Opening a NAACCR file: gzip by magic bytes, and refusal of DTDs before any XML parser sees them.

XML safety: NAACCR XML (specification 1.8) never needs a document type declaration, so a file whose
prolog holds ``<!DOCTYPE`` is refused with kind ``entity-refused`` before parsing. That stops entity
expansion bombs ("billion laughs") and external entities (XXE) at once, in constant time and memory.
The parser itself is also run with entity resolution, DTD loading and network access off.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import zlib
from typing import IO, BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
_PROLOG_LIMIT = 1 << 20  # a prolog (declaration, comments, PIs) longer than 1 MiB is not a NAACCR file
_CHUNK = 1 << 16
_PROLOG_RE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)


class EntityRefused(Exception):
    """The file declares a DTD (and so possibly entities); ``line`` is where the declaration starts."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}: document type declarations and entities are not allowed")
        self.line = line


class Source(io.RawIOBase):
    """A readable binary stream: already-read head bytes first, then the rest of the underlying stream.

    ``raw_position()`` is how far the underlying file (compressed bytes for gzip) has been read, for
    progress reporting.
    """

    def __init__(self, head: bytes, stream: IO[bytes], raw: IO[bytes], owned: list[IO[bytes]]) -> None:
        super().__init__()
        self._head = head
        self._stream = stream
        self._raw = raw
        self._owned = owned
        self.root_line = 0
        self.root_tag = ""  # the text of the root start tag as far as the head holds it

    @property
    def damage(self) -> str | None:
        """Why the gzip stream ended early (truncated or corrupt), else None; reading it then gave EOF."""
        return getattr(self._stream, "damage", None)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size is None or size < 0 or size >= len(self._head):
                data, self._head = self._head, b""
                if size is None or size < 0:
                    return data + self._stream.read()
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._stream.read(size)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def raw_position(self) -> int:
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        for f in reversed(self._owned):
            f.close()
        super().close()


def open_source(source: str | os.PathLike[str] | BinaryIO, head_size: int = _CHUNK) -> Source:
    """Open a path or binary file object, transparently gunzipping when it starts with the gzip magic."""
    owned: list[IO[bytes]] = []
    if isinstance(source, (str, os.PathLike)):
        raw: IO[bytes] = open(source, "rb")  # noqa: SIM115 - closed by Source.close
        owned.append(raw)
    else:
        raw = source
    magic = raw.read(2)
    stream: IO[bytes] = raw
    if magic == GZIP_MAGIC:
        unzipped = gzip.GzipFile(fileobj=_Prefixed(magic, raw), mode="rb")
        owned.append(unzipped)
        stream = _Guarded(unzipped)
        magic = b""
    head = magic + stream.read(max(head_size - len(magic), 0))
    return Source(head, stream, raw, owned)


class _Prefixed(io.RawIOBase):
    """Bytes already consumed from a stream, put back in front of it (for the gzip reader)."""

    def __init__(self, prefix: bytes, stream: IO[bytes]) -> None:
        super().__init__()
        self._prefix = prefix
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n], self._prefix = self._prefix[:n], self._prefix[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _Guarded(io.RawIOBase):
    """A gzip stream that ends (EOF) where it is truncated or corrupt, keeping the reason in ``damage``, so the
    readers report a damaged file as a file error rather than raise ``EOFError`` or ``zlib.error``."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__()
        self._stream = stream
        self.damage: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.damage is not None:
            return 0
        try:
            data = self._stream.read(len(buffer))
        except (EOFError, OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            self.damage = str(exc) or type(exc).__name__
            return 0
        buffer[: len(data)] = data
        return len(data)


def damaged_message(damage: str) -> str:
    """The file-level problem of a gzip file that ends early or is corrupt."""
    return f"the gzip file is truncated or corrupt ({damage}); nothing after that point could be read"


def decode_head(head: bytes) -> str:
    """The head of an XML file as text, good enough to see markup: by BOM, else Latin-1 (ASCII-safe)."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="replace")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", errors="replace")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", errors="replace")
    return head.decode("latin-1")


def check_prolog(source: Source) -> None:
    """Raise :class:`EntityRefused` when the prolog (everything before the root element) has a DOCTYPE."""
    head = source._head
    while True:
        text = decode_head(head)
        pos = 0
        while (m := _PROLOG_RE.match(text, pos)) is not None:
            pos = m.end()
        rest = text[pos:].lstrip()
        if rest.startswith("<!DOCTYPE") or rest.startswith("<!ENTITY"):
            raise EntityRefused(text.count("\n", 0, len(text) - len(rest)) + 1)
        needs_more = not rest or rest.startswith(("<?", "<!--")) or "<!DOCTYPE".startswith(rest[:9])
        more = source._stream.read(_CHUNK) if needs_more and len(head) < _PROLOG_LIMIT else b""
        if not more:
            break
        head += more
    source._head = head
    if rest.startswith("<"):
        source.root_line = text.count("\n", 0, len(text) - len(rest)) + 1
        source.root_tag = rest[: rest.find(">") + 1 or len(rest)]


_ATTRIBUTE_RE = re.compile(r"""\s([^\s=<>/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def attribute_lines(source: Source) -> dict[str, int]:
    """The line of the root start tag on which each attribute is given, by name (Clark notation for a
    namespaced one, as lxml names it); attributes beyond the head read so far are absent.

    One pass over the tag: a root with many attributes costs time in proportion to its size (looking each
    attribute up in the tag on its own took quadratic time: 100,000 attributes, 201 s)."""
    tag, line, at = source.root_tag, source.root_line, 0
    raw: list[tuple[str, int]] = []
    prefixes: dict[str, str] = {}
    for m in _ATTRIBUTE_RE.finditer(tag):
        line += tag.count("\n", at, m.start() + 1)
        at = m.start() + 1
        name, value = m.group(1), m.group(2) if m.group(2) is not None else m.group(3)
        if name.startswith("xmlns:"):
            prefixes[name[6:]] = value
        raw.append((name, line))
    lines: dict[str, int] = {}
    for name, n in raw:
        prefix, colon, local = name.partition(":")
        if colon and prefix in prefixes:
            name = f"{{{prefixes[prefix]}}}{local}"
        lines.setdefault(name, n)
    return lines


_FLAT_START = re.compile(r"[AMCI].{15}[0-9]{3}")


def sniff_format(head: bytes) -> str:
    """ "flat" when the head looks like a NAACCR flat record (record type in column 1, version in
    columns 17-19), else "xml" (so that anything else is reported by the XML parser)."""
    text = decode_head(head[:4096])
    return "flat" if _FLAT_START.match(text) else "xml"
