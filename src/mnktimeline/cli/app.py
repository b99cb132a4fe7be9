"""The ``timeline`` command: options in, a query to the library, one renderer out.

Commands live one to a module in ``commands/`` and are imported only when they run (as
click's lazy groups do): start-up is paid by every user, every time. Each command returns
a ``Result``; ``run`` writes it, and catches every error in one place: one sentence on
stderr and the exit code the error carries (see ``errors.ExitCode``), never a traceback.
"""

import gc
import importlib
import os
import sys
from typing import Any

import typer

from .. import __version__
from ..errors import Error, ExitCode, UsageError
from . import completers, streams

# command -> module in commands/, in the order of `timeline --help`
COMMANDS: dict[str, str] = {
    "list": "list",
    "actor": "actor",
    "actors": "actors",
    "places": "places",
    "tags": "tags",
    "show": "show",
    "validate": "validate",
    "sources": "sources",
    "cite": "cite",
    "stats": "stats",
    "export": "export",
    "init": "init",
    "add": "add",
    "edit": "edit",
    "set": "set",
    "rm": "rm",
    "mv": "mv",
    "import": "importing",
    "fmt": "fmt",
    "schema": "schema",
    "completion": "completion",
}

_SETTINGS: dict[str, Any] = {
    "name": "timeline",
    "add_completion": False,  # ours: `timeline completion SHELL` (complete.py)
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "pretty_exceptions_show_locals": False,
    "rich_markup_mode": "rich",
    "context_settings": {"help_option_names": ["-h", "--help"]},
}


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"timeline {__version__}\n")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    color: str = typer.Option(
        "auto",
        "--color",
        metavar="WHEN",
        autocompletion=completers.fixed(streams.COLORS),
        help="auto, always or never: colour in tables (also after the command's name; "
        "NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE are read for auto).",
    ),
    no_pager: bool = typer.Option(
        False,
        "--no-pager",
        help="Never page output (also after the command's name). On a terminal, output "
        "longer than the screen goes through $MNKTIMELINE_PAGER, $PAGER or less -FRX.",
    ),
) -> None:
    """Explore the relations between Mongolia and North Korea (the DPRK), 1948 to today.

    [bold]Examples[/bold]

      timeline list --since 2013

      timeline actor Elbegdorj

      timeline list --since 2013 --json | jq '.[].title'
    """


def app_with(names: list[str]) -> typer.Typer:
    """Return an app holding the commands ``names``, importing only their modules."""
    app = typer.Typer(**_SETTINGS)
    app.callback()(_root)
    for name in names:
        module = importlib.import_module(f"{__package__}.commands.{COMMANDS[name]}")
        func = getattr(module, f"{name}_command")
        app.command(name, help=reflow(func.__doc__ or ""))(func)
    return app


def reflow(doc: str) -> str:
    """Return a docstring with each paragraph on one line, so that help wraps it to the
    terminal's width; indented lines (examples) are kept as they are."""
    import inspect

    paragraphs: list[str] = []
    for p in inspect.cleandoc(doc).split("\n\n"):
        if p.startswith(" "):
            paragraphs.append(p)
            continue
        # A line that defines a term ("[bold]csv[/bold]: ...") starts a paragraph of its own.
        items: list[list[str]] = []
        for line in p.split("\n"):
            if not items or (line.startswith("[bold]") and "[/bold]:" in line):
                items.append([])
            items[-1].append(line.strip())
        paragraphs += [" ".join(item) for item in items]
    # Typer dedents all but the first line by their common indent: give every line the
    # same four spaces, so that examples keep their own two.
    text = "\n\n".join(paragraphs)
    first, _, rest = text.partition("\n")
    return first + "\n" + "\n".join("    " + line if line else line for line in rest.split("\n"))


def full_app() -> typer.Typer:
    """Return the app with every command (for help, and for tests that walk the commands)."""
    return app_with(list(COMMANDS))


def _app_for(args: list[str]) -> typer.Typer:
    """Return an app holding only the command that ``args`` name, or the whole app.

    The root has only flag options, so the first argument not starting with "-" is the
    command. Anything else (no command, an unknown one, root --help) gets the whole app,
    so help and "No such command" stay as Typer makes them.
    """
    for arg in args:
        if arg == "--":
            break
        if arg.startswith("-"):
            continue
        return app_with([arg]) if arg in COMMANDS else full_app()
    return full_app()


def run(argv: list[str] | None = None, term: streams.Terminal | None = None) -> int:
    """Run the CLI and return its exit code; never lets a traceback reach the user."""
    # The cyclic garbage collector walks every container again and again while a large
    # store is built (a third of the load time at 100,000 events), and this short-lived
    # process makes no cycles worth collecting.
    gc.disable()
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["__complete"]:  # what the completion scripts call
        from .complete import answer

        return answer(args[1:])
    try:
        args, color, paging = terminal_options(args)
    except Error as exc:
        streams.say(f"timeline: error: {exc}")
        return exc.code
    streams.use(term if term is not None else streams.Terminal.detect(color, paging))
    try:
        return _run(args)
    except KeyboardInterrupt:
        sys.stderr.write("timeline: interrupted\n")
        return ExitCode.INTERRUPTED


def terminal_options(args: list[str]) -> tuple[list[str], str, bool]:
    """Take ``--color WHEN`` and ``--no-pager`` out of ``args``, wherever they are before
    ``--``: they decide the terminal, which is read before any command runs.

    Returns the other arguments, the colour choice and whether paging is allowed; raises
    UsageError for a ``--color`` value that is not auto, always or never.
    """
    rest: list[str] = []
    color, paging = "auto", True
    items = iter(args)
    for arg in items:
        if arg == "--":
            rest.append(arg)
            rest.extend(items)
            break
        if arg == "--no-pager":
            paging = False
        elif arg == "--color" or arg.startswith("--color="):
            value = arg.partition("=")[2] if "=" in arg else next(items, "")
            if value not in streams.COLORS:
                raise UsageError(
                    f"--color takes auto, always or never, not '{value}' (see 'timeline --help')"
                )
            color = value
        else:
            rest.append(arg)
    return rest, color, paging


def _run(args: list[str]) -> int:
    # typer 0.28 vendors click as typer._click; the pin in pyproject.toml keeps this path.
    from typer._click.exceptions import (
        ClickException,
        NoArgsIsHelpError,
        NoSuchOption,
        UsageError,
    )

    command = typer.main.get_command(_app_for(args))
    try:
        result = command.main(args=args, prog_name="timeline", standalone_mode=False)
        if isinstance(result, streams.Result):
            return streams.deliver(result)
        if result == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into this return value
            sys.stderr.write("timeline: interrupted\n")
            return ExitCode.INTERRUPTED
        return ExitCode.OK
    except NoArgsIsHelpError:
        return ExitCode.OK  # Typer has already printed the help
    except NoSuchOption as exc:
        return _no_such_option(exc)
    except UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "timeline"
        message = " ".join(exc.format_message().split())
        streams.say(f"timeline: error: {message} (see '{where} --help')")
        return ExitCode.USAGE
    except ClickException as exc:
        streams.say(f"timeline: error: {' '.join(exc.format_message().split())}")
        return exc.exit_code
    except Error as exc:
        streams.details(exc.details)
        streams.say(f"timeline: error: {exc}")
        return exc.code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort as exc:
        # click's prompt turns both Ctrl-C and the end of input into Abort; the end of
        # input is no interruption but a question left unanswered.
        if isinstance(exc.__context__, EOFError):
            from ..render.messages import INPUT_ENDED

            streams.say(f"timeline: error: {INPUT_ENDED}")
            return ExitCode.FAILURE
        sys.stderr.write("timeline: interrupted\n")
        return ExitCode.INTERRUPTED
    except streams.PipeClosed:
        # The reader went away (| head): stop quietly, as a program killed by SIGPIPE would.
        streams.silence_stdout()
        return ExitCode.PIPE_CLOSED


def _no_such_option(exc: Any) -> int:
    """Say that an option does not exist, with ours for what other tools call it and the
    closest by spelling (click's own guesses, by a looser measure, were no help)."""
    from ..suggest import option_for

    where = exc.ctx.command_path if exc.ctx is not None else "timeline"
    ours = [o for p in exc.ctx.command.params for o in p.opts] if exc.ctx is not None else []
    found = option_for(exc.option_name, ours)
    hint = f"; did you mean {', '.join(found)}?" if found else ""
    streams.say(f"timeline: error: no such option: {exc.option_name}{hint} (see '{where} --help')")
    return ExitCode.USAGE


def main() -> None:
    """Run the CLI and exit with its code (``python -m`` and tests; the console script
    goes through entry.main, which also skips the teardown)."""
    sys.exit(exit_code())


def exit_code() -> int:
    """Run the CLI and return its exit code: a bug ends in one line, not a traceback.

    Set MNKTIMELINE_DEBUG=1 to see the traceback of such a bug.
    """
    try:
        return run()
    except Exception as exc:
        if os.environ.get("MNKTIMELINE_DEBUG"):
            raise
        streams.say(
            f"timeline: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug; rerun with MNKTIMELINE_DEBUG=1 for details and report it)"
        )
        return ExitCode.FAILURE
