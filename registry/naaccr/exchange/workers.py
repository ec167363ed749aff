"""Computing an import's batches (:mod:`registry.naaccr.exchange.compute`) on the machine's other core.

The main process reads the file and writes the database; a worker process started with the ``forkserver``
method (a fresh interpreter: no database connection or thread of the parent is inherited) derives staging items
and runs edits on the plain dicts of each batch. Batches come back in the order they were sent, and at most
``IN_FLIGHT`` are waiting, so memory stays flat however long the file. A worker that raises or dies makes
:meth:`BatchComputer.result` raise (``BrokenProcessPool`` for a dead one), which fails the import: its
transaction is rolled back by the caller. Killed with the importing process, the workers end with it
(:func:`registry.naaccr.exchange.lifeline.follow`).

``REGISTRY_IMPORT_WORKERS`` sets the number of worker processes (0 computes in the main process); files under
``PARALLEL_MIN_BYTES`` are computed in the main process, where starting a worker would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from registry.naaccr.exchange.compute import ComputedTumor, PlainPatient, Settings, compute_batch
from registry.naaccr.exchange.lifeline import follow

IN_FLIGHT = 6  # with the reader process (reading.py) a three-stage pipeline: deep enough to ride out stalls
PARALLEL_MIN_BYTES = 16_000_000  # about 2,000 patients of an abstract file (a gzip file: its compressed size x 8)
START_METHOD = "forkserver"

_settings: Settings | None = None


def worker_count(path_size: int, gzip: bool, requested: int | None = None) -> int:
    """Worker processes for a file: ``requested``, else REGISTRY_IMPORT_WORKERS (default 1) for a large file."""
    if requested is not None:
        return max(0, requested)
    if path_size * (8 if gzip else 1) < PARALLEL_MIN_BYTES:
        return 0
    return max(0, int(os.environ.get("REGISTRY_IMPORT_WORKERS", "1")))


def _init(settings: Settings, parent: int) -> None:
    global _settings
    follow(parent)
    _settings = settings


def _compute(batch: list[PlainPatient]) -> list[list[ComputedTumor]]:
    assert _settings is not None, "worker not initialised"
    return compute_batch(_settings, batch)


class BatchComputer:
    """Sends batches to the workers (or computes them in place when there are none); results in order."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.pending: deque[tuple[Any, Future | list[list[ComputedTumor]]]] = deque()
        self.pool: ProcessPoolExecutor | None = None
        if workers > 0:
            context = multiprocessing.get_context(START_METHOD)
            self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init,
                                            initargs=(settings, os.getpid()))

    @property
    def full(self) -> bool:
        """True when the caller should take a result now: IN_FLIGHT batches sent (any computed in place)."""
        return len(self.pending) >= (IN_FLIGHT if self.pool else 1)

    def __len__(self) -> int:
        return len(self.pending)

    def submit(self, tag: Any, batch: list[PlainPatient]) -> None:
        """Queue a batch; ``tag`` comes back with its result (what the caller needs to write it)."""
        if self.pool is None:
            self.pending.append((tag, compute_batch(self.settings, batch)))
        else:
            self.pending.append((tag, self.pool.submit(_compute, batch)))

    def result(self) -> tuple[Any, list[list[ComputedTumor]]]:
        """The oldest batch's tag and result (waits for it); raises what the worker raised."""
        tag, outcome = self.pending.popleft()
        return tag, outcome.result() if isinstance(outcome, Future) else outcome

    def close(self, *, cancel: bool = False) -> None:
        self.pending.clear()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=cancel)
            self.pool = None

    def __enter__(self) -> BatchComputer:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(cancel=exc_type is not None)

