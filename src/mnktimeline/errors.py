"""Exit codes and the one base class of the errors a user can meet.

The rule for exit codes, as the README states it: 0 success (also when nothing matches),
2 a usage error (an option, argument, date, format or category that cannot be read), 1
anything else (an unknown name or id, an unreadable or invalid store, a write refused or
failed, output that cannot be written), 130 interrupted (Ctrl-C), 141 the reader of the
output went away (``| head``), as a process killed by SIGPIPE would.

Every error a user can cause is an ``Error``: it carries its exit code and, in
``details``, lines to print before its one-sentence message (every rejected row of an
import, every problem of a store). The CLI catches ``Error`` in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1
    USAGE = 2
    INTERRUPTED = 130
    PIPE_CLOSED = 141


class Error(Exception):
    """A mistake or failure to tell the user: one sentence, an exit code, detail lines."""

    code: ExitCode = ExitCode.FAILURE

    def __init__(
        self, message: str, details: Sequence[str] = (), *, code: ExitCode | None = None
    ) -> None:
        super().__init__(message)
        self.details = list(details)
        if code is not None:
            self.code = code


class UsageError(Error):
    """An option or argument that cannot be used as given (exit 2)."""

    code = ExitCode.USAGE
