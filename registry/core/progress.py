"""Progress bars for long CLI work: shown on a terminal, silent when output is redirected."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click


@contextmanager
def progress_bar(total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``; draws on stderr only when stdout and stderr are terminals."""
    if not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield lambda _n: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True, show_eta=True) as bar:
        yield bar.update
