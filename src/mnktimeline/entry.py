"""The console script's entry point, kept apart from cli.py so that Ctrl-C while the CLI's
modules are still being imported (the first ~60 ms) also ends in one line, not a traceback."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    """Import the CLI, run it, flush the output and end the process.

    The end skips tearing down the process's objects: freeing a large store object by
    object took a second at a million events, for nothing, since the process is ending.

    The cyclic garbage collector is off from the start (``cli.app.run`` says why): importing
    typer, click and the CLI makes tens of thousands of objects and no garbage worth a
    collection, and the collections it would trigger cost a twentieth of the start-up.
    """
    gc.disable()
    try:
        from .cli.app import exit_code
    except KeyboardInterrupt:
        sys.stderr.write("timeline: interrupted\n")
        raise SystemExit(130) from None
    code = exit_code()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            code = code or 1  # the output could not be written out
    os._exit(code)
