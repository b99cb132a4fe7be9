"""The ``timeline`` command: options in, a query to the library, one renderer out.

Commands translate; they do not filter or format. Errors a user can make end as one
sentence on stderr and exit code 2 (usage) or 1 (everything else), never a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from . import __version__
from .dates import DateError, date_bounds
from .model import CATEGORIES, Store
from .query import (
    COUNT_KEYS,
    ActorMatch,
    Query,
    UnknownName,
    bibliography,
    count_by,
    event_counts,
    resolve_actor,
    resolve_country,
    select,
)
from .render import Format, Options, formats, renderer
from .store import ENV_VAR, StoreError, load, resolve_path


class Failure(Exception):
    """An error for the user: one sentence, and the exit code (2 usage, 1 otherwise)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def usage(message: str) -> NoReturn:
    raise Failure(message, 2)


_APP_SETTINGS: dict[str, Any] = {
    "name": "timeline",
    "add_completion": False,
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "pretty_exceptions_show_locals": False,
    "rich_markup_mode": "rich",
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**_APP_SETTINGS)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"timeline {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Explore the relations between Mongolia and North Korea (the DPRK), 1948 to today.

    [bold]Examples[/bold]

      timeline list --since 2013

      timeline actor Elbegdorj

      timeline list --since 2013 --json | jq '.[].title'
    """


# --- options shared by several commands ------------------------------------------------

STORE = "Store"
FILTERS = "Filters"
OUTPUT = "Output"

DataOpt = Annotated[
    str | None,
    typer.Option(
        "--data",
        metavar="PATH",
        envvar=ENV_VAR,
        show_envvar=True,
        help="Store file to read instead of the bundled one.",
        rich_help_panel=STORE,
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Keep events ending on or after DATE (2013, 2014-05, May 2014, 21 May 2014).",
        rich_help_panel=FILTERS,
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Keep events starting on or before the last day of DATE (--until 2018 keeps Dec 2018).",
        rich_help_panel=FILTERS,
    ),
]
OnOpt = Annotated[
    str | None,
    typer.Option(metavar="DATE", help="Keep events that overlap DATE.", rich_help_panel=FILTERS),
]
ActorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        metavar="NAME",
        help="Keep events NAME took part in; repeat to require all of them.",
        rich_help_panel=FILTERS,
    ),
]
CategoryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--category",
        metavar="NAME",
        help=f"Keep events of any of these categories: {', '.join(CATEGORIES)}.",
        rich_help_panel=FILTERS,
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        metavar="TAG",
        help="Keep events with this tag; repeat to require all.",
        rich_help_panel=FILTERS,
    ),
]
CountryOpt = Annotated[
    str | None,
    typer.Option(
        metavar="COUNTRY",
        help="Keep events with an actor of this country (JPN, Japan, DPRK, ...).",
        rich_help_panel=FILTERS,
    ),
]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        metavar="TEXT",
        help="Keep events whose title, summary, actors or places hold every word of TEXT "
        "(case and diacritics ignored).",
        rich_help_panel=FILTERS,
    ),
]
DisputedOpt = Annotated[
    bool,
    typer.Option(
        "--disputed", help="Keep only events where sources disagree.", rich_help_panel=FILTERS
    ),
]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        min=0, metavar="N", help="Keep the first N events of the order.", rich_help_panel=FILTERS
    ),
]
ReverseOpt = Annotated[
    bool, typer.Option("--reverse", help="Newest first.", rich_help_panel=FILTERS)
]


def _format_opt(kind: str) -> object:
    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"One of: {', '.join(formats(kind))}. Default: table on a terminal, plain in a pipe.",
        rich_help_panel=OUTPUT,
    )


JsonOpt = Annotated[
    bool, typer.Option("--json", help="Short for --format json.", rich_help_panel=OUTPUT)
]


# --- helpers ------------------------------------------------------------------------------


def _store(data: str | None) -> Store:
    try:
        return load(resolve_path(data))
    except StoreError as exc:
        raise Failure(str(exc)) from None


def _pick_format(kind: str, fmt: str | None, as_json: bool) -> Format:
    if as_json:
        if fmt is not None and fmt != "json":
            usage(f"--json and --format {fmt} ask for different formats; give one of them")
        return Format.json
    if fmt is None:
        return Format.table if sys.stdout is not None and sys.stdout.isatty() else Format.plain
    allowed = formats(kind)
    if fmt not in allowed:
        usage(f"'{fmt}' is not a format here; use one of: {', '.join(allowed)}")
    return Format(fmt)


def _options() -> Options:
    color = (
        sys.stdout is not None
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
        and os.environ.get("TERM") != "dumb"
    )
    import shutil

    return Options(width=shutil.get_terminal_size((80, 24)).columns, color=color)


class PipeClosed(Exception):
    """The reader of stdout went away (``| head``). Not an OSError, so Typer leaves it to us."""


def _emit(chunks: Iterable[str]) -> None:
    """Write output chunks to stdout as UTF-8, in blocks of about 64 KiB.

    Store text holds no lone surrogates (loading refuses them), but a path or argument
    of bytes that are not UTF-8 reaches Python as such (PEP 383): it is written as a
    \\udcff escape rather than failing.
    """
    if sys.stdout is None:
        raise Failure("cannot write the output: standard output is closed")
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
        _silence_stdout()
        raise Failure(f"cannot write the output ({exc.strerror or exc})") from None


def _note(message: str) -> None:
    _say(f"timeline: {message}")


def _say(line: str) -> None:
    """Write one line to stderr, with store and argument text in it made inert.

    Messages quote what they refuse (an id, a key, a name from the store or the command
    line), which may hold escape sequences or newlines: on stderr, too, they would reach
    the terminal, and a message stays one line.
    """
    from .render.text import inert

    sys.stderr.write(inert(line) + "\n")


def _query(
    store: Store,
    *,
    since: str | None,
    until: str | None,
    on: str | None,
    actor: list[str] | None,
    category: list[str] | None,
    tag: list[str] | None,
    country: str | None,
    search: str | None,
    disputed: bool,
    limit: int | None,
    reverse: bool,
    fixed_actor: frozenset[str] | None = None,
    notes: list[str] | None = None,
) -> Query:
    """Return the query of the options, or fail with a usage error before any output.

    Notes on what names fitted (``notes``, and those found here) are written only once
    every option is known to be good, so that a failing command says one thing.
    """
    notes = list(notes or ())
    try:
        lo, hi = date_bounds(since, until, on)
    except DateError as exc:
        usage(str(exc))
    categories = frozenset(c.casefold() for c in category or ())
    unknown = sorted(categories - CATEGORIES.keys())
    if unknown:
        usage(f"'{unknown[0]}' is not a category; use one of: {', '.join(CATEGORIES)}")
    groups = [fixed_actor] if fixed_actor else []
    for name in actor or ():
        groups.append(_resolve(store, name, notes).ids)
    try:
        code = resolve_country(store, country) if country is not None else None
    except UnknownName as exc:
        raise Failure(str(exc)) from None
    for note in notes:
        _note(note)
    return Query(
        since=lo,
        until=hi,
        actor_groups=tuple(groups),
        categories=categories,
        tags=frozenset(tag or ()),
        country=code,
        text=search,
        disputed=disputed,
        limit=limit,
        reverse=reverse,
    )


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the file system, for one
        return False


def _resolve(store: Store, name: str, notes: list[str]) -> ActorMatch:
    """Return the actors ``name`` stands for; when it fits several, add a note saying so."""
    try:
        match = resolve_actor(store, name)
    except UnknownName as exc:
        raise Failure(str(exc)) from None
    if len(match.actors) > 1:
        names = ", ".join(a.name for a in match.actors)
        notes.append(
            f"'{name}' fits {len(match.actors)} actors ({names}); showing events of any of them"
        )
    return match


# --- commands -----------------------------------------------------------------------------


@app.command("list")
def list_events(
    since: SinceOpt = None,
    until: UntilOpt = None,
    on: OnOpt = None,
    actor: ActorOpt = None,
    category: CategoryOpt = None,
    tag: TagOpt = None,
    country: CountryOpt = None,
    search: SearchOpt = None,
    disputed: DisputedOpt = False,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: Annotated[str | None, _format_opt("events")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Print the chronology, oldest first.

    [bold]Examples[/bold]

      timeline list --since 2013 --until 2018

      timeline list --actor Battulga --category mediation --reverse

      timeline list --search abductee --json | jq -r '.[].date'
    """
    fmt_ = _pick_format("events", fmt, as_json)
    store = _store(data)
    query = _query(
        store,
        since=since,
        until=until,
        on=on,
        actor=actor,
        category=category,
        tag=tag,
        country=country,
        search=search,
        disputed=disputed,
        limit=limit,
        reverse=reverse,
    )
    events = select(store, query)
    if not events and fmt_ is Format.table:
        _note("no events match these filters")
        return
    _emit(renderer("events", fmt_)(events, store, opts=_options()))


@app.command("actor")
def actor_events(
    name: Annotated[
        str, typer.Argument(help="A name, alias or id, e.g. Elbegdorj, 'North Korea', Kim.")
    ],
    since: SinceOpt = None,
    until: UntilOpt = None,
    on: OnOpt = None,
    actor: ActorOpt = None,
    category: CategoryOpt = None,
    tag: TagOpt = None,
    country: CountryOpt = None,
    search: SearchOpt = None,
    disputed: DisputedOpt = False,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: Annotated[str | None, _format_opt("events")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Print everything one person, state or organisation took part in.

    Case and diacritics are ignored: [italic]khurelsukh[/italic] finds Ukhnaagiin Khürelsükh.
    A name that fits several actors ([italic]Kim[/italic]) shows the events of all of them.

    [bold]Examples[/bold]

      timeline actor Elbegdorj

      timeline actor 'North Korea' --since 2018 --json
    """
    fmt_ = _pick_format("events", fmt, as_json)
    store = _store(data)
    notes: list[str] = []
    match = _resolve(store, name, notes)
    query = _query(
        store,
        since=since,
        until=until,
        on=on,
        actor=actor,
        category=category,
        tag=tag,
        country=country,
        search=search,
        disputed=disputed,
        limit=limit,
        reverse=reverse,
        fixed_actor=match.ids,
        notes=notes,
    )
    events = select(store, query)
    opts = _options()
    if fmt_ is Format.table:
        profile = renderer("profile", Format.table)(match.actors, opts=opts)
        if not events:
            _emit(profile)
            _note("no events match these filters")
            return
        _emit([*profile, "\n", *renderer("events", fmt_)(events, store, opts=opts)])
        return
    _emit(renderer("events", fmt_)(events, store, opts=opts))


@app.command("actors")
def list_actors(
    fmt: Annotated[str | None, _format_opt("actors")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Print every actor with aliases and the number of events each took part in.

    [bold]Example[/bold]

      timeline actors --format csv > actors.csv
    """
    fmt_ = _pick_format("actors", fmt, as_json)
    store = _store(data)
    counts = event_counts(store)
    rows = sorted(
        ((a, counts[a.id]) for a in store.actors.values()),
        key=lambda row: (row[0].kind, row[0].name.casefold()),
    )
    _emit(renderer("actors", fmt_)(rows, opts=_options()))


@app.command("show")
def show_event(
    event_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="An event id, as in the last column of 'timeline list'."),
    ],
    fmt: Annotated[str | None, _format_opt("event")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Print one event in full, with its sources, quotations and notes.

    [bold]Example[/bold]

      timeline show 2014-05-23-ri-yong-ho-us-experts
    """
    fmt_ = _pick_format("event", fmt, as_json)
    store = _store(data)
    event = store.event(event_id)
    if event is None:
        import difflib

        ids = [e.id for e in store.events]
        close = difflib.get_close_matches(event_id, ids, n=3, cutoff=0.6)
        close += [i for i in ids if event_id and event_id in i and i not in close][:3]
        hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
        raise Failure(f"no event has the id '{event_id}'{hint} ('timeline list' shows ids)")
    _emit(renderer("event", fmt_)(event, store, opts=_options()))


@app.command("validate")
def validate_store(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Store file to check; default: --data, $MNKTIMELINE_DATA or the bundled store."
        ),
    ] = None,
    texts: Annotated[
        Path | None,
        typer.Option(
            "--texts",
            metavar="DIR",
            help="Folder of source texts named <source id>.txt: every quotation must be found "
            "in its source's text (whitespace aside).",
        ),
    ] = None,
    fmt: Annotated[str | None, _format_opt("problems")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Check a store and list every problem, not only the first. Exit 1 if any is an error.

    Refuses what loading refuses (bad JSON, missing or mistyped fields, unknown keys,
    duplicate ids, dangling actor and source references, impossible dates, spans that end
    before they start, unknown categories, events without a source or dated after every
    source they cite), and with --texts, quotations not found in their source. Warns about
    control characters, which print inert but may be a mistake.

    [bold]Examples[/bold]

      timeline validate my-events.json

      timeline validate my-events.json --texts sources/
    """
    from .store import check, check_quotes

    fmt_ = _pick_format("problems", fmt, as_json)
    if fmt_ is Format.table:
        fmt_ = Format.plain
    target = path if path is not None else resolve_path(data)
    if texts is not None and not _is_dir(texts):
        usage(
            f"--texts {texts} is not a folder; give the folder that holds the <source id>.txt files"
        )
    store, problems = check(target)
    if store is not None and texts is not None:
        problems += check_quotes(store, texts)
        if any(p.severity == "error" for p in problems):
            store = None
    _emit(renderer("problems", fmt_)(problems, str(target)))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        raise Failure(
            f"{target}: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
        )
    if store is not None and fmt_ is Format.plain:
        quotes = sum(ref.quote is not None for ev in store.events for ref in ev.sources)
        unchecked = (
            f"; its {quotes} quotation{'s were' if quotes != 1 else ' was'} not checked "
            "(give --texts DIR, the folder of the sources' texts)"
            if quotes and texts is None
            else ""
        )
        _note(
            f"{target}: valid: {len(store.events)} events, {len(store.actors)} actors, "
            f"{len(store.sources)} sources"
            + (f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else "")
            + unchecked
        )


@app.command("sources")
def list_sources(
    fmt: Annotated[str | None, _format_opt("sources")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Print the bibliography: every source with the number of events it supports.

    --format markdown gives a reference list to paste into a paper.

    [bold]Examples[/bold]

      timeline sources

      timeline sources --format markdown > references.md
    """
    fmt_ = _pick_format("sources", fmt, as_json)
    store = _store(data)
    _emit(renderer("sources", fmt_)(bibliography(store), opts=_options()))


# --- charts and exports -------------------------------------------------------------------


@app.command("stats")
def stats(
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="KEY",
            help=f"What to count: {', '.join(COUNT_KEYS)}. By year, an event that spans "
            "several years counts once in each year it overlaps (by decade, in each decade), "
            "so the counts can add up to more than the events.",
            rich_help_panel=OUTPUT,
        ),
    ] = "year",
    since: SinceOpt = None,
    until: UntilOpt = None,
    on: OnOpt = None,
    actor: ActorOpt = None,
    category: CategoryOpt = None,
    tag: TagOpt = None,
    country: CountryOpt = None,
    search: SearchOpt = None,
    disputed: DisputedOpt = False,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    fmt: Annotated[str | None, _format_opt("stats")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Count the events by year, decade, category, actor, country or place, with a bar each.

    Years and decades run oldest first (newest first with --reverse), empty ones as 0;
    the other keys run from the most events to the fewest. Actors count by name,
    countries by the ISO codes of the actors taking part.

    In a pipe each row is a line [italic]key<TAB>count[/italic]; --json gives
    [{"key": "2014", "count": 3}, ...], every key a string.

    [bold]Examples[/bold]

      timeline stats --by year

      timeline stats --by category --since 2010

      timeline stats --by decade --json | jq -r '.[] | "\\(.key) \\(.count)"'
    """
    key = by.casefold()
    if key not in COUNT_KEYS:
        usage(f"'{by}' is not something to count by; use one of: {', '.join(COUNT_KEYS)}")
    fmt_ = _pick_format("stats", fmt, as_json)
    store = _store(data)
    query = _query(
        store,
        since=since,
        until=until,
        on=on,
        actor=actor,
        category=category,
        tag=tag,
        country=country,
        search=search,
        disputed=disputed,
        limit=limit,
        reverse=reverse,
    )
    events = select(store, query)
    rows = count_by(store, events, key, newest_first=reverse)
    if not rows and fmt_ is Format.table:
        _note("no events match these filters")
        return
    _emit(renderer("stats", fmt_)(rows, by=key, total=len(events), opts=_options()))


@app.command("export")
def export(
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT",
            help=f"One of: {', '.join(formats('export'))}.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE instead of standard output. FILE is replaced in one step: "
            "if the export fails, the old FILE stays as it was.",
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    on: OnOpt = None,
    actor: ActorOpt = None,
    category: CategoryOpt = None,
    tag: TagOpt = None,
    country: CountryOpt = None,
    search: SearchOpt = None,
    disputed: DisputedOpt = False,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    data: DataOpt = None,
) -> None:
    """Export the events for other tools and people: a web page, TimelineJS, Markdown, CSV.

    [bold]html[/bold]: one page with everything inline (it opens offline and can be mailed):
    the events on a time axis, coloured by category, with filters and a search box.
    [bold]timelinejs[/bold]: the JSON that TimelineJS3 reads.
    [bold]markdown[/bold]: a chronology by year with the sources as footnotes.
    [bold]csv[/bold]: one row per event with the columns of the JSON output (UTF-8).

    Takes the filters of [italic]timeline list[/italic].

    [bold]Examples[/bold]

      timeline export html -o mongolia-dprk.html

      timeline export timelinejs --since 2013 -o timeline.json

      timeline export markdown --category mediation > mediation.md
    """
    allowed = formats("export")
    if fmt.casefold() not in allowed:
        usage(f"'{fmt}' is not an export format; use one of: {', '.join(allowed)}")
    fmt_ = Format(fmt.casefold())
    store = _store(data)
    query = _query(
        store,
        since=since,
        until=until,
        on=on,
        actor=actor,
        category=category,
        tag=tag,
        country=country,
        search=search,
        disputed=disputed,
        limit=limit,
        reverse=reverse,
    )
    events = select(store, query)
    chunks = renderer("export", fmt_)(events, store, opts=_options())
    if output is None or output == "-":
        _emit(chunks)
    else:
        from .atomic import WriteError, write_atomic

        try:
            write_atomic(output, chunks)
        except WriteError as exc:
            raise Failure(str(exc)) from None
    if not events:  # said once the export is written, so that a failure is one message
        _note("no events match these filters; the export holds none")


# --- commands that write the store --------------------------------------------------------

EVENT = "Event"
SOURCE = "Source"

WriteDataOpt = Annotated[
    str | None,
    typer.Option(
        "--data",
        metavar="PATH",
        envvar=ENV_VAR,
        show_envvar=True,
        help="Store file to change. Required: the bundled store is never written.",
        rich_help_panel=STORE,
    ),
]


def _target(data: str | None, command: str) -> Path:
    """Return the store a writing command may change; refuse the bundled one."""
    from .edit import EditError, refuse_packaged

    if not data:
        usage(
            f"'timeline {command}' changes a store file and the bundled store is never "
            "written; give --data PATH or set MNKTIMELINE_DATA (make your own copy with "
            "'timeline init my-events.json')"
        )
    try:
        refuse_packaged(data)
    except EditError as exc:
        raise Failure(str(exc)) from None
    return Path(data)


def _edit_failure(exc: Exception) -> Failure:
    """Print the detail lines of an EditError to stderr; return its one-line Failure."""
    for line in getattr(exc, "details", ()):
        sys.stderr.write(f"{line}\n")
    return Failure(str(exc))


def _invalid_store(exc: StoreError, doing: str) -> Failure:
    """List every error of a store that does not validate; return the closing Failure."""
    errors = [p for p in exc.problems if p.severity == "error"] or exc.problems
    if len(errors) == 1:
        return Failure(f"{exc.path}: {errors[0]}; it was not {doing}")
    for problem in errors:
        sys.stderr.write(f"{exc.path}: {problem}\n")
    return Failure(f"{exc.path} was not {doing}: it has {len(errors)} errors, listed above")


def _blank(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


@app.command("init")
def init_command(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="File to create, e.g. my-events.json.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Start your own store: write a copy of the bundled store to PATH.

    Then point the other commands at it with --data PATH or MNKTIMELINE_DATA.

    [bold]Example[/bold]

      timeline init my-events.json && export MNKTIMELINE_DATA=my-events.json
    """
    from .edit import EditError, init_store

    try:
        store = init_store(path, force=force)
    except (EditError, StoreError) as exc:
        raise _edit_failure(exc) from None
    _note(
        f"wrote {len(store.events)} events, {len(store.actors)} actors and "
        f"{len(store.sources)} sources to {path}; use it with --data {path} "
        f"or export {ENV_VAR}={path}"
    )


@app.command("add")
def add_command(
    when: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="When it happened: YYYY, YYYY-MM, YYYY-MM-DD, or START/END such as 2015/2016.",
            rich_help_panel=EVENT,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="A one-line title.", rich_help_panel=EVENT),
    ] = None,
    summary: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT", help="What happened, in a few sentences.", rich_help_panel=EVENT
        ),
    ] = None,
    actor: Annotated[
        list[str] | None,
        typer.Option(
            "--actor",
            metavar="NAME",
            help="Who took part: a name, alias or id as in queries; repeat for each.",
            rich_help_panel=EVENT,
        ),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(
            metavar="NAME", help=f"One of: {', '.join(CATEGORIES)}.", rich_help_panel=EVENT
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", metavar="TAG", help="A tag; repeat for each.", rich_help_panel=EVENT),
    ] = None,
    place: Annotated[
        list[str] | None,
        typer.Option(
            "--place", metavar="PLACE", help="Where; repeat for each.", rich_help_panel=EVENT
        ),
    ] = None,
    event_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="The event's id. Default: the date's start and words of the title.",
            rich_help_panel=EVENT,
        ),
    ] = None,
    new_actor: Annotated[
        list[str] | None,
        typer.Option(
            "--new-actor",
            metavar="FIELDS",
            help="Add an actor that is not in the store yet; it takes part in the event. "
            "FIELDS: 'name=Ri Yong-ho,kind=person,country=PRK' (name and kind required; "
            "kind is person, state or organisation; also id=..., alias=... repeatable).",
            rich_help_panel=EVENT,
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            metavar="ID",
            help="The id of a source already in the store that reports it, e.g. "
            "yonhap-2014-05-26 (or use --new-source).",
            rich_help_panel=SOURCE,
        ),
    ] = None,
    locator: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT", help="Where in the source: p. 12, para. 3.", rich_help_panel=SOURCE
        ),
    ] = None,
    quote: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="The source's words, quoted.", rich_help_panel=SOURCE),
    ] = None,
    new_source: Annotated[
        str | None,
        typer.Option(
            "--new-source",
            metavar="FIELDS",
            help="Add a source that is not in the store yet and cite it. FIELDS: "
            "'title=...,publisher=...,published=2013-10-28,url=https://...' (title required; "
            "also id=..., author=...). A comma inside a value is fine.",
            rich_help_panel=SOURCE,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the event as it would be stored; write nothing."),
    ] = False,
    data: WriteDataOpt = None,
) -> None:
    """Add one event to your store, and print its id.

    Actor names are matched as in queries. On a terminal, missing fields are asked
    for; in a script they are an error.

    [bold]Examples[/bold]

      timeline add --data my-events.json --date 2014-05-23 --title 'Ri Yong-ho meets US experts' --summary 'Talks in Ulaanbaatar.' --actor 'Ri Yong-ho' --actor 'Joel Wit' --category mediation --source yonhap-2014-05-26-ri-meeting

      timeline add --data my-events.json --dry-run --date 2018-06 --title 'Notes on a visit' --summary 'What the report says.' --actor Mongolia --category diplomacy --source campi-2019-apb457 --locator 'para. 1'

      timeline add --data my-events.json    (on a terminal: asks for each field)
    """
    import json

    from .dates import parse_stored
    from .edit import EditError, EventDraft, locked_update, plan_add, read_store

    path = _target(data, "add")
    fields = {
        "--date": _blank(when),
        "--title": _blank(title),
        "--summary": _blank(summary),
        "--category": _blank(category),
    }
    actors = tuple(a for a in actor or () if a.strip())
    if not actors and not new_actor:
        fields["--actor"] = None
    if _blank(source) is None and _blank(new_source) is None:
        fields["--source"] = None
    missing = [name for name, value in fields.items() if value is None]
    interactive = sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()
    if missing and not interactive:
        usage(
            f"missing {', '.join(missing)}; give "
            f"{'them as options' if len(missing) > 1 else 'it as an option'} "
            "(missing fields are asked for only on a terminal)"
        )
    if fields["--date"] is not None:
        try:
            parse_stored(fields["--date"])
        except DateError as exc:
            usage(f"--date: {exc}, or START/END such as 2015/2016")
    if fields["--category"] is not None and fields["--category"].casefold() not in CATEGORIES:
        usage(f"'{fields['--category']}' is not a category; use one of: {', '.join(CATEGORIES)}")
    if missing:
        try:
            _, store = read_store(path)
        except StoreError as exc:
            raise Failure(str(exc)) from None
        fields.update(_ask_missing(missing, store))
        if "--actor" in missing:
            actors = tuple(n.strip() for n in str(fields["--actor"]).split(";") if n.strip())
    draft = EventDraft(
        date=str(fields["--date"]),
        title=str(fields["--title"]),
        summary=str(fields["--summary"]),
        category=str(fields["--category"]).casefold(),
        actors=tuple(actors),
        source=_blank(source) or fields.get("--source"),
        locator=_blank(locator),
        quote=_blank(quote),
        tags=tuple(t.strip() for t in tag or () if t.strip()),
        places=tuple(p.strip() for p in place or () if p.strip()),
        id=_blank(event_id),
        new_actors=tuple(new_actor or ()),
        new_source=_blank(new_source),
    )
    try:
        if dry_run:
            doc, store = read_store(path)
            new_doc, record = plan_add(doc, store, draft)
            _emit([json.dumps(record, ensure_ascii=False, indent=2), "\n"])
            extra = [
                *(f"actor '{a['id']}'" for a in new_doc["actors"][len(doc["actors"]) :]),
                *(f"source '{s['id']}'" for s in new_doc["sources"][len(doc["sources"]) :]),
            ]
            also = f" and {', '.join(extra)}" if extra else ""
            _note(f"dry run: {path} was not changed; this event{also} would be added")
            return
        record = locked_update(path, lambda d, s: plan_add(d, s, draft))
    except (EditError, StoreError) as exc:
        raise _edit_failure(exc) from None
    _emit([record["id"], "\n"])
    _note(f"added {record['id']} to {path}")


def _ask_missing(missing: list[str], store: Store) -> dict[str, str]:
    """Prompt on the terminal for each missing field until its answer is valid.

    Returns the answers by option name; actors come as names joined by "; ".
    """
    from .dates import parse_stored
    from .edit import EditError, resolve_actor_ids

    def date_answer(text: str) -> str:
        try:
            parse_stored(text.strip())
        except DateError as exc:
            raise typer.BadParameter(str(exc)) from None
        return text.strip()

    def category_answer(text: str) -> str:
        if text.strip().casefold() not in CATEGORIES:
            raise typer.BadParameter(
                f"'{text}' is not a category; use one of: {', '.join(CATEGORIES)}"
            )
        return text.strip().casefold()

    def actors_answer(text: str) -> str:
        names = [n.strip() for n in text.split(";") if n.strip()]
        try:
            resolve_actor_ids(store, names)
        except EditError as exc:
            raise typer.BadParameter(str(exc)) from None
        return "; ".join(names)

    def text_answer(text: str) -> str:
        return text.strip()

    def source_answer(text: str) -> str:
        if text.strip() not in store.sources:
            raise typer.BadParameter(f"no source has the id '{text.strip()}'")
        return text.strip()

    ids = list(store.sources)
    known = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
    questions = {
        "--date": ("Date (YYYY, YYYY-MM, YYYY-MM-DD or START/END)", date_answer),
        "--title": ("Title", text_answer),
        "--summary": ("Summary", text_answer),
        "--category": (f"Category ({', '.join(CATEGORIES)})", category_answer),
        "--actor": ("Actors (names or ids, separated by ;)", actors_answer),
        "--source": (f"Source id ({known})", source_answer),
    }
    answers: dict[str, str] = {}
    for name in missing:
        label, check = questions[name]
        answers[name] = str(typer.prompt(label, value_proc=check))
    return answers


@app.command("import")
def import_command(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="CSV with the columns of 'timeline list -f csv', or JSON: a list of events "
            "in the store's shape or that of 'timeline list --json'. - reads standard input.",
        ),
    ],
    data: WriteDataOpt = None,
) -> None:
    """Add every event of a CSV or JSON file, or none: each bad row is listed with its line.

    Ids left empty are made from date and title; an id already in the store rejects the row.

    [bold]Examples[/bold]

      timeline import new-events.csv --data my-events.json

      timeline import new-events.json --data my-events.json
    """
    from .edit import EditError, locked_update, plan_import, read_import

    path = _target(data, "import")
    name = "<stdin>" if file == "-" else file
    try:
        raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except FileNotFoundError:
        raise Failure(f"{file}: no such file") from None
    except IsADirectoryError:
        raise Failure(f"{file} is a folder; give a CSV or JSON file") from None
    except OSError as exc:
        raise Failure(f"{file} cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Failure(
            f"{name} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 ('CSV UTF-8' in spreadsheets)"
        ) from None
    try:
        rows = read_import(text, name)
        if not rows:
            _note(f"{name} holds no events; {path} was not changed")
            return
        added = locked_update(path, lambda d, s: plan_import(d, s, rows, name))
    except (EditError, StoreError) as exc:
        raise _edit_failure(exc) from None
    _note(f"imported {len(added)} event{'s' if len(added) != 1 else ''} into {path}")


@app.command("fmt")
def fmt_command(
    path: Annotated[
        Path | None,
        typer.Argument(help="Store file to format; default: --data or $MNKTIMELINE_DATA."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Change nothing; exit 1 if the file is not in the canonical layout."
        ),
    ] = False,
    data: WriteDataOpt = None,
) -> None:
    """Rewrite a store in the canonical layout, so that its git diffs show only real changes.

    Events sorted by date then id, keys in a fixed order, two-space indent, UTF-8 text,
    a final newline. Every command that writes leaves this layout.

    [bold]Examples[/bold]

      timeline fmt my-events.json

      timeline fmt --check my-events.json
    """
    from .edit import EditError, check_canonical, locked_update, refuse_packaged

    target = path if path is not None else _target(data, "fmt")
    try:
        line = check_canonical(target)
        if line is None:
            _note(f"{target} is in the canonical layout")
            return
        if check:
            raise Failure(
                f"{target} is not in the canonical layout (it first differs at line {line}); "
                f"'timeline fmt {target}' rewrites it"
            )
        refuse_packaged(target)
        locked_update(target, lambda d, s: (d, None))
    except StoreError as exc:
        raise _invalid_store(exc, "checked" if check else "formatted") from None
    except EditError as exc:
        raise _edit_failure(exc) from None
    _note(f"formatted {target}")


# --- entry point --------------------------------------------------------------------------


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; never lets a traceback reach the user."""
    # The cyclic garbage collector walks every container again and again while a large
    # store is built (a third of the load time at 100,000 events), and this short-lived
    # process makes no cycles worth collecting.
    gc.disable()
    # typer 0.28 vendors click as typer._click; the pin in pyproject.toml keeps this path.
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

    args = sys.argv[1:] if argv is None else argv
    command = typer.main.get_command(_app_for(args))
    try:
        try:
            result = command.main(args=args, prog_name="timeline", standalone_mode=False)
        except NoArgsIsHelpError:
            return 0  # Typer has already printed the help
        except UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else "timeline"
            message = " ".join(exc.format_message().split())
            _say(f"{where}: error: {message} (see '{where} --help')")
            return 2
        except ClickException as exc:
            _say(f"timeline: error: {' '.join(exc.format_message().split())}")
            return exc.exit_code
        except Failure as exc:
            _say(f"timeline: error: {exc}")
            return exc.code
        except typer.Exit as exc:
            return exc.exit_code
        except typer.Abort:
            sys.stderr.write("timeline: interrupted\n")
            return 130
        except PipeClosed:
            # The reader went away (| head): stop quietly, as a program killed by SIGPIPE would.
            _silence_stdout()
            return 141
        if result == 130:
            sys.stderr.write("timeline: interrupted\n")
        return result if isinstance(result, int) else 0
    except KeyboardInterrupt:
        sys.stderr.write("timeline: interrupted\n")
        return 130


def _app_for(args: list[str]) -> typer.Typer:
    """Return an app holding only the command that ``args`` name, or the whole app.

    Typer turns every command's signature into Click parameters on each start; doing it
    for the one command that runs saves most of that work (benchmarks/RESULTS.md). The
    root has only flag options, so the first argument not starting with "-" is the
    command. Anything else (no command, an unknown one, root --help) gets the whole app,
    so help and "No such command" stay as Typer makes them.
    """
    for arg in args:
        if arg.startswith("-"):
            if arg == "--":
                break
            continue
        for info in app.registered_commands:
            if info.name == arg:
                single = typer.Typer(**_APP_SETTINGS)
                single.registered_callback = app.registered_callback
                single.registered_commands = [info]
                return single
        break
    return app


def _silence_stdout() -> None:
    # Python flushes stdout at exit; point it at /dev/null so that flush cannot fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


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
        _say(
            f"timeline: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug; rerun with MNKTIMELINE_DEBUG=1 for details and report it)"
        )
        return 1
