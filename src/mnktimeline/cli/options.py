"""Options shared by several commands, each written once.

The filters of ``list`` are one group: ``@with_filters`` gives a command every filter
option and hands it one ``Filters`` value (as gh binds a flag group to one field), so a
new filter is written here and nowhere else. Typer reads a command's parameters from its
``__signature__``, which the decorator sets (tests/test_cli_options.py pins that).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from typer._click.types import StringParamType  # vendored click, as in app.py

from ..model import CATEGORIES
from ..query import Criteria, criteria
from ..record import Record
from ..render import Format, formats, parse_format
from ..store import ENV_VAR
from . import completers
from .streams import terminal


class Word(StringParamType):
    """The type of every argument: text, whose metavar (ID, PATH, NAME) says what it is,
    so help shows no "<str>" or "<path>" beside it. A Path argument still arrives as a
    Path: typer converts by the annotation."""

    def get_metavar(self, param: Any, ctx: Any) -> str:
        return ""


WORD = Word()

# The one record of a writing command (set, rm, edit), with the store's ids completed.
RecordIdArg = Annotated[
    str,
    typer.Argument(
        click_type=WORD,
        metavar="ID",
        autocompletion=completers.record_ids,
        help="The id of an event, actor, source or place.",
    ),
]

STORE = "Store"
FILTERS = "Filters"
OUTPUT = "Output"


def _data_option(help: str) -> Any:
    return typer.Option(
        "--data", metavar="PATH", envvar=ENV_VAR, show_envvar=True, help=help, rich_help_panel=STORE
    )


DataOpt = Annotated[str | None, _data_option("Store file to read instead of the bundled one.")]
WriteDataOpt = Annotated[
    str | None,
    _data_option("Store file to change. Required: the bundled store is never written."),
]
KindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        autocompletion=completers.kinds,
        help="event, actor, source or place: which record ID is, when records of two "
        "kinds share it.",
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="NAMES",
        help="With json, jsonl or csv: only these fields, in this order (id,date,title).",
        rich_help_panel=OUTPUT,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Short for --format json.", rich_help_panel=OUTPUT)
]


def format_option(kind: str) -> Any:
    """Return the ``--format`` option of a kind of output, its choices from the registry."""
    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"One of: {', '.join(formats(kind))}. Default: "
        + ("table on a terminal, plain in a pipe." if "table" in formats(kind) else "plain."),
        rich_help_panel=OUTPUT,
        autocompletion=completers.formats_of(kind),
    )


def pick_format(kind: str, fmt: str | None, as_json: bool) -> Format:
    """Return the format asked for by ``--format`` and ``--json`` (any case), else the
    default: a table on a terminal, plain in a pipe. Raises UsageError for a format the
    kind of output does not have, or for --json with another --format."""
    from ..errors import UsageError

    if as_json:
        if fmt is not None and fmt.strip().casefold() != "json":
            raise UsageError(
                f"--json and --format {fmt} ask for different formats; give one of them"
            )
        return Format.json
    if fmt is None:
        return Format.table if terminal().stdout_tty and "table" in formats(kind) else Format.plain
    return parse_format(kind, fmt)


class Filters(Record):
    """The filter options as typed on the command line."""

    since: str | None = None
    until: str | None = None
    on: str | None = None
    actor: list[str] | None = None
    category: list[str] | None = None
    tag: list[str] | None = None
    country: list[str] | None = None
    search: str | None = None
    disputed: bool = False
    limit: int | None = None
    reverse: bool = False
    place: list[str] | None = None
    uncertain: bool = False
    within: bool = False

    def criteria(self) -> Criteria:
        """Return the checked criteria (UsageError or DateError for what cannot be read)."""
        return criteria(
            since=self.since,
            until=self.until,
            on=self.on,
            actors=self.actor or (),
            categories=self.category or (),
            tags=self.tag or (),
            countries=self.country or (),
            text=self.search,
            disputed=self.disputed,
            limit=self.limit,
            reverse=self.reverse,
            places=self.place or (),
            uncertain=self.uncertain,
            within=self.within,
        )


def _option(annotation: Any, default: Any, *decls: str, **info: Any) -> tuple[Any, Any]:
    return Annotated[annotation, typer.Option(*decls, rich_help_panel=FILTERS, **info)], default


_FILTER_OPTIONS: dict[str, tuple[Any, Any]] = {
    "since": _option(
        str | None,
        None,
        metavar="DATE",
        help="Keep events ending on or after DATE (2013, 2014-05, May 2014, 21 May 2014).",
    ),
    "until": _option(
        str | None,
        None,
        metavar="DATE",
        help="Keep events starting on or before the last day of DATE (--until 2018 keeps Dec 2018).",
    ),
    "on": _option(str | None, None, metavar="DATE", help="Keep events that overlap DATE."),
    "actor": _option(
        list[str] | None,
        None,
        "--actor",
        autocompletion=completers.actors,
        metavar="NAME",
        help="Keep events NAME took part in; repeat to require all of them.",
    ),
    "category": _option(
        list[str] | None,
        None,
        "--category",
        autocompletion=completers.categories,
        metavar="NAME",
        help=f"Keep events of any of these categories: {', '.join(CATEGORIES)}.",
    ),
    "tag": _option(
        list[str] | None,
        None,
        "--tag",
        autocompletion=completers.tags,
        metavar="TAG",
        help="Keep events with this tag ('timeline tags' lists them); repeat to require all.",
    ),
    "country": _option(
        list[str] | None,
        None,
        "--country",
        autocompletion=completers.countries,
        metavar="COUNTRY",
        help="Keep events with an actor of this country (JPN, Japan, DPRK, ...); repeat to "
        "keep events of any of them.",
    ),
    "search": _option(
        str | None,
        None,
        metavar="TEXT",
        help='Keep events that hold every word of TEXT, and each "quoted phrase" as one, '
        "in the title, summary, tags, category, the names and aliases of actors and places "
        "(a place includes those within it). Whole words with their endings: visit finds "
        "visits, visited, visiting, not revisit; case and diacritics are ignored.",
    ),
    "disputed": _option(bool, False, "--disputed", help="Keep only events where sources disagree."),
    "limit": _option(int | None, None, metavar="N", help="Keep the first N events of the order."),
    "reverse": _option(bool, False, "--reverse", help="Newest first."),
    "place": _option(
        list[str] | None,
        None,
        "--place",
        autocompletion=completers.places,
        metavar="NAME",
        help="Keep events at or about this place or any place within it (Rason takes in "
        "Rajin); repeat to require all.",
    ),
    "uncertain": _option(
        bool,
        False,
        "--uncertain",
        help="Keep only events with a note on what the sources leave open or unconfirmed.",
    ),
    "within": _option(
        bool,
        False,
        "--within",
        help="With --since, --until or --on: keep only events wholly inside those dates, "
        "not every event that overlaps them.",
    ),
}

F = TypeVar("F", bound=Callable[..., Any])


def with_filters(func: F) -> F:
    """Give a command every filter option; it receives them as one ``filters: Filters``.

    The command's own parameters come first (its arguments among them), then the
    filters, in the order of ``Filters``.
    """
    own = [
        p for p in inspect.signature(func, eval_str=True).parameters.values() if p.name != "filters"
    ]
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=ann)
        for name, (ann, default) in _FILTER_OPTIONS.items()
    ]
    own_args = [p for p in own if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    own_kw = [p for p in own if p.kind is inspect.Parameter.KEYWORD_ONLY]
    signature = inspect.Signature([*own_args, *own_kw, *extra])

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in _FILTER_OPTIONS if name in kwargs}
        return func(*args, filters=Filters(**given), **kwargs)

    command.__signature__ = signature  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
    return command  # type: ignore[return-value]


OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of standard output (- is standard output). A file is "
        "replaced in one step, through its symlinks: if the command fails, the old FILE "
        "stays as it was. A FIFO or a device is written into, never replaced.",
        rich_help_panel=OUTPUT,
    ),
]
