"""Reading the import's file on a process of its own, so reading, computing and writing use every core.

Reading (parsing and validating every item) is about 40% of the import's main-process time, computing derived
items and edits runs on a worker (:mod:`registry.naaccr.exchange.workers`) and writing stays in the main
process, which holds the database transaction. On a large file, :func:`open_for_import` reads it on a reader
process (``forkserver``, as the workers: a fresh interpreter inheriting no connection), which sends the patients
over a bounded queue in chunks, each with the file position reached (for the progress bar), then the file-level
errors. Memory stays flat: at most ``DEPTH`` chunks of ``CHUNK`` patients wait.

A threaded reader was measured first and rejected: the threads share one interpreter lock, and SQLite, which
releases it on every row, then waited for the reader at each one (the import grew a third slower).

If the reader process fails, the error it raised is raised in the main process; if it dies, the import fails
with :class:`ReaderFailed`; either way the import's transaction is rolled back by its caller. If the importing
process is killed, the reader ends with it (:func:`registry.naaccr.exchange.lifeline.follow`).
``REGISTRY_IMPORT_READER`` = 0 or 1 forces reading in the main process or on a reader process.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
from collections.abc import Iterator, Sequence
from pathlib import Path

from registry.naaccr.dictionary import Dictionary
from registry.naaccr.exchange.lifeline import follow
from registry.naaccr.validate import open_naaccr
from registry.naaccr.xml.model import PatientRecord, RootInfo, ValidationIssue

CHUNK = 100
DEPTH = 24
POLL_SECONDS = 1.0
START_METHOD = "forkserver"


class ReaderFailed(RuntimeError):
    """The reader process stopped without finishing the file."""


def use_reader_process(parallel: bool) -> bool:
    """Read on a process of its own? Forced by REGISTRY_IMPORT_READER, else when the file is computed in
    parallel (large enough: workers.worker_count) on a machine with more than one core."""
    forced = os.environ.get("REGISTRY_IMPORT_READER")
    if forced in ("0", "1"):
        return forced == "1"
    return parallel and (os.cpu_count() or 1) > 1


def open_for_import(path: str | os.PathLike[str], user_dictionaries: Sequence[Dictionary], *, separate: bool):
    """The file, open for reading patients: in this process (a NaaccrFile or FlatFile) or on a reader process
    (a :class:`RemoteFile`, with the same ``root``, iteration, ``raw_position()``, ``errors`` and ``fatal``)."""
    if separate:
        return RemoteFile(path, user_dictionaries)
    return open_naaccr(path, user_dictionaries=user_dictionaries)


def _read(path: str, user_dictionaries: Sequence[Dictionary], out, chunk: int, parent: int) -> None:
    """The reader process: send ("root", root), ("patients", [...], position)..., then ("end", errors, fatal)."""
    follow(parent)
    try:
        with open_naaccr(path, user_dictionaries=user_dictionaries) as nf:
            out.put(("root", nf.root))
            patients: list[PatientRecord] = []
            for patient in nf:
                patients.append(patient)
                if len(patients) >= chunk:
                    out.put(("patients", patients, nf.raw_position()))
                    patients = []
            if patients:
                out.put(("patients", patients, nf.raw_position()))
            out.put(("end", list(nf.errors), bool(getattr(nf, "fatal", False))))
    except BaseException as exc:  # sent to the main process, which raises it
        out.put(("failed", _portable(exc)))


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling (the queue pickles on a thread, where a failure would be
    lost), else a :class:`ReaderFailed` with its description."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return ReaderFailed(f"{type(exc).__name__}: {exc}")
    return exc


class RemoteFile:
    """A NAACCR file read on a reader process; iterate once, then read ``errors`` and ``fatal``."""

    def __init__(self, path: str | os.PathLike[str], user_dictionaries: Sequence[Dictionary], *,
                 chunk: int = CHUNK) -> None:
        context = multiprocessing.get_context(START_METHOD)
        self._queue = context.Queue(maxsize=DEPTH)
        self._process = context.Process(target=_read, args=(str(Path(path)), list(user_dictionaries), self._queue,
                                                             chunk, os.getpid()), name="naaccr-reader", daemon=True)
        self._process.start()
        self.errors: list[ValidationIssue] = []
        self.fatal = False
        self._position = 0
        kind, *rest = self._next()
        if kind != "root":
            self.close()
            self._raise(kind, rest)
        self.root: RootInfo = rest[0]

    def _next(self) -> tuple:
        while True:
            try:
                return self._queue.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if self._process.is_alive():
                    continue
            try:  # it has ended: what it sent before ending is in the pipe by now
                return self._queue.get(timeout=POLL_SECONDS)
            except queue.Empty:
                code = self._process.exitcode
                raise ReaderFailed(f"the process reading the file stopped (exit code {code})") from None

    @staticmethod
    def _raise(kind: str, rest: list) -> None:
        if kind == "failed":
            raise rest[0]
        raise ReaderFailed(f"unexpected message from the reader process: {kind!r}")

    def __iter__(self) -> Iterator[PatientRecord]:
        while True:
            kind, *rest = self._next()
            if kind == "patients":
                patients, self._position = rest
                yield from patients
            elif kind == "end":
                self.errors, self.fatal = rest
                return
            else:
                self._raise(kind, rest)

    def raw_position(self) -> int:
        """Bytes of the file read by the time the last chunk consumed was sent."""
        return self._position

    def close(self) -> None:
        """Stop the reader process (if still reading) and release the queue."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._queue.close()
        self._queue.cancel_join_thread()

    def __enter__(self) -> RemoteFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
