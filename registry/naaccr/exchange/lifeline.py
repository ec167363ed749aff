"""Processes of an import that end with it, and telling whether the process of an import still runs.

The reader and worker processes (``forkserver`` children: reading.py, workers.py) call :func:`follow` first.
Killed with SIGKILL, the importing process cannot stop them itself; two things do instead:

* on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the child when its parent ends. The parent
  of a forkserver child is the fork server, which exits as soon as the importing process is gone (its pipe to
  it closes), so the child follows within milliseconds;
* everywhere, a watchdog thread checking every :data:`WATCH_SECONDS` that the importing process is still there
  (it also covers a parent gone before ``prctl`` took effect).

:func:`process_running` answers for a recorded ``(pid, started)`` whether that process is alive (a zombie or a
later process reusing the pid is not).
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys
import threading
import time
from datetime import UTC, datetime

WATCH_SECONDS = 0.5
PR_SET_PDEATHSIG = 1


def host_name() -> str:
    return socket.gethostname()[:255]


def _set_parent_death_signal() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the watchdog alone
        return


def follow(parent_pid: int) -> None:
    """In a child process: end this process when ``parent_pid`` (the importing process) ends."""
    _set_parent_death_signal()
    started = _start_time(parent_pid)
    if started is None:
        os._exit(1)

    def watch() -> None:
        while process_alive(parent_pid, started):
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="import-lifeline", daemon=True).start()


def proc_stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (state first), or None if there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read().decode("ascii", "replace")
    except OSError:
        return None
    return data[data.rfind(")") + 2:].split()


def _start_time(pid: int) -> int | None:
    """The process's start time in clock ticks since boot (0 where /proc is missing), None if it is gone."""
    if os.path.isdir("/proc/self"):
        fields = proc_stat(pid)
        return int(fields[19]) if fields and fields[0] not in ("Z", "X") else None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return 0
    return 0


def process_alive(pid: int, start_ticks: int) -> bool:
    """True while process ``pid`` runs and is the one that started at ``start_ticks`` (not a zombie)."""
    return _start_time(pid) == start_ticks


def process_running(pid: int, since: datetime) -> bool:
    """True when a process ``pid`` runs that started no later than ``since`` (a pid reused by a later process
    does not count). Without /proc, any live process with that pid counts."""
    ticks = _start_time(pid)
    if ticks is None:
        return False
    if not ticks:
        return True
    return _boot_time() + ticks / os.sysconf("SC_CLK_TCK") <= since.replace(tzinfo=since.tzinfo or UTC
                                                                              ).timestamp() + 2


def _boot_time() -> float:
    with open("/proc/stat") as fh:
        for line in fh:
            if line.startswith("btime "):
                return float(line.split()[1])
    return 0.0
