"""The export's gzip writer (compression on a thread) writes standard gzip, whatever the sizes written."""

from __future__ import annotations

import gzip
import os

import pytest

from registry.naaccr.xml.gzip_out import BLOCK, GzipOnThread


@pytest.mark.parametrize("sizes", [[], [10], [BLOCK - 1, 1], [BLOCK * 2 + 5, 7, BLOCK, 3]])
def test_what_is_written_is_read_back_by_gzip(tmp_path, sizes):
    path = tmp_path / "out.xml.gz"
    parts = [os.urandom(n // 2) + b"<Item/>" * (n // 14) for n in sizes]
    with GzipOnThread(path) as out:
        for part in parts:
            assert out.write(part) == len(part)
    assert out.closed
    assert gzip.decompress(path.read_bytes()) == b"".join(parts)


def test_closing_twice_is_harmless(tmp_path):
    out = GzipOnThread(tmp_path / "x.gz")
    out.write(b"abc")
    out.close()
    out.close()
    assert gzip.decompress((tmp_path / "x.gz").read_bytes()) == b"abc"
