"""Output longer than the screen goes through a pager, as git's does.

Imported only when stdout is a terminal and a pager is wanted (``streams.pager_command``
chooses it). Output that fits on the screen is written directly, so a short answer never
starts a process; longer output is handed to the pager through a pipe, with ``LESS=FRX``
and ``LV=-c`` when they are not set (git sets the same). A pager that quits before it has
read everything (``q`` in less) ends the run cleanly.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterable, Iterator

from ..errors import Error


def _cells(line: str) -> int:
    """Return the columns ``line`` takes: two for a wide character (Hangul, kana, Hanja),
    none for a combining mark, one for the rest. (Not rich's ``cell_len``: JSON and CSV
    are paged too, and machine output never imports rich.)"""
    if line.isascii():
        return len(line)
    import unicodedata

    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in line
    )


def _rows(text: str, width: int) -> int:
    """Return the screen rows ``text`` takes at ``width`` columns (a line that is too
    long wraps; escape sequences of colour make this an overestimate, which only pages
    a little sooner)."""
    return sum(max(1, -(-_cells(line) // width)) for line in text.split("\n")) - 1


def page(
    chunks: Iterable[str],
    command: str,
    height: int,
    width: int,
    emit: Callable[[Iterable[str]], None],
) -> None:
    """Write ``chunks`` to the terminal, through ``command`` if they fill the screen.

    The chunks are held until they are more rows than ``height`` (less one for the
    prompt); if they end first, ``emit`` writes them. Raises Error if the pager cannot be
    started.
    """
    held: list[str] = []
    rows = 0
    stream = iter(chunks)
    for chunk in stream:
        held.append(chunk)
        rows += _rows(chunk, max(width, 1))
        if rows >= height - 1:
            break
    else:
        emit(held)
        return
    if command.split()[0] == "less" and shutil.which("less") is None:
        emit(_rest(held, stream))  # the default pager, on a machine without less
        return
    _through(command, _rest(held, stream))


def _rest(held: list[str], stream: Iterator[str]) -> Iterator[str]:
    yield from held
    yield from stream


def _through(command: str, chunks: Iterator[str]) -> None:
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError as exc:
        raise Error(f"cannot start the pager '{command}' ({exc.strerror or exc})") from None
    assert proc.stdin is not None
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search); we wait.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for chunk in chunks:
            proc.stdin.write(chunk.encode("utf-8", "backslashreplace"))
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the pager quit early: what it did not read was not wanted
    finally:
        with contextlib.suppress(OSError):
            proc.stdin.close()
        proc.wait()
        signal.signal(signal.SIGINT, previous)
