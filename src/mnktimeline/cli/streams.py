"""The terminal, read once per run, and the one place that writes what a command returns.

``Terminal`` holds what output depends on: whether stdout and stdin are terminals, the
width, whether colour is wanted. ``run`` reads it once and tests swap it. ``deliver``
writes a command's ``Result``: the output to stdout or a file, then its notes to stderr.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence

from ..errors import Error, ExitCode
from ..record import Record
from ..render import Drawn, Options
from ..textsafety import inert, terminal_safe

COLORS = ("auto", "always", "never")


class Terminal(Record):
    """What the output of this run depends on."""

    stdout_tty: bool = False
    stdin_tty: bool = False
    width: int = 80
    color: bool = False
    height: int = 24
    pager: str | None = None  # the shell command to page output through, or None

    @classmethod
    def detect(cls, color: str = "auto", paging: bool = True) -> Terminal:
        """Return the terminal of this process, from its streams and environment.

        ``color`` is the ``--color`` option (auto, always or never), ``paging`` False for
        ``--no-pager``.
        """
        out_tty = sys.stdout is not None and sys.stdout.isatty()
        in_tty = sys.stdin is not None and sys.stdin.isatty()
        import shutil

        size = shutil.get_terminal_size((80, 24))
        pager = pager_command(os.environ) if paging and out_tty else None
        return cls(
            stdout_tty=out_tty,
            stdin_tty=in_tty,
            width=size.columns,
            color=color_wanted(color, out_tty, os.environ),
            height=size.lines,
            pager=pager,
        )

    @property
    def options(self) -> Options:
        """Return how renderers should draw for this terminal."""
        return Options(width=self.width, color=self.color, tty=self.stdout_tty)

    @property
    def interactive(self) -> bool:
        """True when a person can answer a question: both stdin and stdout are terminals."""
        return self.stdin_tty and self.stdout_tty


def color_wanted(when: str, tty: bool, env: Mapping[str, str]) -> bool:
    """Return whether output is drawn in colour; the order is the README's.

    ``--color always`` or ``never`` decides; then a non-empty ``NO_COLOR`` turns colour
    off; then a non-empty ``FORCE_COLOR`` or a ``CLICOLOR_FORCE`` other than 0 turns it on,
    even in a pipe (an empty variable counts as unset); then ``CLICOLOR=0`` or ``TERM=dumb`` turn it off; else a terminal has
    colour and a pipe or file has none.
    """
    if when != "auto":
        return when == "always"
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR") or env.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return True
    return tty and env.get("CLICOLOR") != "0" and env.get("TERM") != "dumb"


def pager_command(env: Mapping[str, str]) -> str | None:
    """Return the pager to use on a terminal, as git chooses it, or None for none.

    ``MNKTIMELINE_PAGER``, else ``PAGER``, else ``less -FRX``; a variable that is set but
    empty, or names ``cat``, turns paging off.
    """
    for name in ("MNKTIMELINE_PAGER", "PAGER"):
        if name in env:
            command = env[name].strip()
            return command if command and command != "cat" else None
    return "less -FRX"


_current = Terminal()


def terminal() -> Terminal:
    """Return the terminal of the run under way."""
    return _current


def use(term: Terminal) -> None:
    """Make ``term`` the terminal of the run under way."""
    global _current
    _current = term


class Result(Record):
    """What a command hands back: output for stdout (or ``target``), sentences for stderr
    (``notes`` on how the input was read, before the output; ``after`` on the outcome),
    and a closing error sentence with its exit code when the command failed."""

    output: Iterable[str] = ()
    notes: Sequence[str] = ()
    after: Sequence[str] = ()
    target: str | None = None  # a file to write the output to; None or "-" is stdout
    error: str | None = None
    code: ExitCode = ExitCode.OK
    # A folder of files, ``(name, chunks)``, to write into ``target`` instead of ``output``;
    # ``force`` lets it replace the files of a folder that is not empty.
    files: Sequence[tuple[str, Iterable[str]]] | None = None
    force: bool = False


class PipeClosed(Exception):
    """The reader of stdout went away (``| head``). Not an OSError, so Typer leaves it to us."""


def deliver(result: Result) -> ExitCode:
    """Write a command's result and return its exit code.

    Notes on the input come first; then the output; then what is said of the outcome,
    which a failure to write the output (a full disk) replaces; then the error, if any.
    """
    for note in result.notes:
        say(f"timeline: {note}")
    if result.files is not None and result.target is not None:
        from ..write.folder import write_folder

        write_folder(result.target, result.files, force=result.force)
    elif result.target is None or result.target == "-":
        output = result.output
        term = terminal()
        if term.stdout_tty and not isinstance(output, Drawn):
            # Store text in JSON or CSV is exact data, which a terminal would run.
            output = map(terminal_safe, output)
        if term.pager is not None:
            from .pager import page

            page(output, term.pager, term.height, term.width, emit)
        else:
            emit(output)
    else:
        from ..write.atomic import write_output

        # Into what is there: a regular file replaced atomically (through its symlinks),
        # a FIFO or a device written into, /dev/stdout our own standard output.
        write_output(result.target, result.output, emit)
    for note in result.after:
        say(f"timeline: {note}")
    if result.error is not None:
        say(f"timeline: error: {result.error}")
    return result.code


def emit(chunks: Iterable[str]) -> None:
    """Write output chunks to stdout as UTF-8, in blocks of about 64 KiB.

    Store text holds no lone surrogates (loading refuses them), but a path or argument
    of bytes that are not UTF-8 reaches Python as such (PEP 383): it is written as a
    \\udcff escape rather than failing.
    """
    if sys.stdout is None:
        raise Error("cannot write the output: standard output is closed")
    try:
        out = sys.stdout.buffer
        block: list[str] = []
        size = 0
        for chunk in chunks:
            block.append(chunk)
            size += len(chunk)
            if size > 1 << 16:
                out.write("".join(block).encode("utf-8", "backslashreplace"))
                block, size = [], 0
        out.write("".join(block).encode("utf-8", "backslashreplace"))
        out.flush()
    except BrokenPipeError:
        raise PipeClosed() from None
    except OSError as exc:
        silence_stdout()
        raise Error(f"cannot write the output ({exc.strerror or exc})") from None


def say(line: str) -> None:
    """Write one line to stderr, with store and argument text in it made inert.

    Messages quote what they refuse (an id, a key, a name from the store or the command
    line), which may hold escape sequences or newlines: on stderr, too, they would reach
    the terminal, and a message stays one line.
    """
    sys.stderr.write(inert(line) + "\n")


def details(lines: Iterable[str]) -> None:
    """Write the detail lines of an error (rejected rows, problems) to stderr, inert."""
    for line in lines:
        sys.stderr.write(inert(line) + "\n")


def silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass
