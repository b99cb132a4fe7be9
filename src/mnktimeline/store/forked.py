"""Work on a large store done by a forked process on the second CPU, while this one does
its own share: validate's look at the bytes (``aside.py``) and half of the events'
checks (``chunks.py``).

The child sees the same mapped file and the same spans as this process at the moment of
the fork, answers with bytes through a pipe, and never returns into the caller's code.
An answer is trusted only from a child that exited cleanly after writing all of it; the
caller does the work itself otherwise, so a child killed, out of memory or refused by
the system changes how long a command takes, never what it says.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

FORK_EVENTS = 10_000  # fewer, and forking costs about what it saves


def second_cpu() -> bool:
    """Return whether this process may run on more than one CPU and can fork."""
    if not hasattr(os, "fork"):
        return False
    cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return (len(cpus) if cpus is not None else os.cpu_count() or 1) > 1


class Forked:
    """``work()`` started in a forked child: ``result()`` waits for its bytes, None if the
    child failed (or could not be started); ``cancel()`` stops it (the caller failed)."""

    def __init__(self, work: Callable[[], bytes]) -> None:
        self.pid = 0
        self.pipe = -1
        try:
            read, write = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:  # no memory or no process left
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: answer through the pipe, and never return
            status = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                os.close(read)
                with os.fdopen(write, "wb") as out:
                    out.write(work())
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self.pid, self.pipe = pid, read

    @property
    def started(self) -> bool:
        return self.pid != 0

    def result(self) -> bytes | None:
        if not self.pid:
            return None
        with os.fdopen(self.pipe, "rb") as answer:
            data = answer.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        return data if status == 0 else None

    def cancel(self) -> None:
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.pipe)
            self.pid = 0
