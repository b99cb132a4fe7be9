"""The console script's entry point, kept apart from cli.py so that Ctrl-C while the CLI's
modules are still being imported (the first ~60 ms) also ends in one line, not a traceback."""

from __future__ import annotations

import sys


def main() -> None:
    """Import the CLI and run it; exit 130 with one line if interrupted while importing."""
    try:
        from .cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("timeline: interrupted\n")
        raise SystemExit(130) from None
    cli_main()
