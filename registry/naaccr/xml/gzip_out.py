"""A gzip file whose compression runs on a thread of its own.

zlib releases the interpreter lock while it deflates, so the writer can build the next megabyte of XML while
the last one is compressed: on a two-core machine the export no longer pays for compression in its own time
(the ``.xml.gz`` export of 100,000 tumors, docs/benchmarks/naaccr_db.md). The output is a standard gzip member
(zlib with ``wbits=31``: gzip header, deflate data, CRC-32 and length trailer), read by any gzip reader.
Blocks are compressed one at a time, in order, by one ``compressobj``.
"""

from __future__ import annotations

import io
import os
import zlib
from concurrent.futures import Future, ThreadPoolExecutor

BLOCK = 1 << 20
GZIP_WBITS = 31


class GzipOnThread(io.RawIOBase):
    """A binary file object writing gzip to ``path``, compressing each block on a background thread."""

    def __init__(self, path: str | os.PathLike[str], level: int = 6) -> None:
        super().__init__()
        self._file = open(path, "wb")  # noqa: SIM115 - closed by close()
        self._zip = zlib.compressobj(level, zlib.DEFLATED, GZIP_WBITS)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="gzip")
        self._pending: Future[bytes] | None = None
        self._buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        if len(self._buffer) >= BLOCK:
            self._send()
        return len(data)

    def _send(self) -> None:
        """Write the block being compressed, then start compressing the buffer."""
        block = bytes(self._buffer)
        self._buffer.clear()
        self._drain()
        self._pending = self._thread.submit(self._zip.compress, block)

    def _drain(self) -> None:
        if self._pending is not None:
            self._file.write(self._pending.result())
            self._pending = None

    def close(self) -> None:
        if self.closed:
            return
        try:
            if self._buffer:
                self._send()
            self._drain()
            self._file.write(self._zip.flush())
        finally:
            self._thread.shutdown()
            self._file.close()
            super().close()
