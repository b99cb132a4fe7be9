"""Output formats: one enum, one registry, one module per format.

Each renderer is a function of records to text chunks. The registry says which
formats each kind of output has, so help text and ``--format`` choices come from one
place; modules are imported only when their format is used, so ``--json`` never
loads rich.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from typing import Any

from ..errors import UsageError
from ..record import Record


class Format(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    timelinejs = "timelinejs"
    geojson = "geojson"
    datapackage = "datapackage"
    csl_json = "csl-json"
    bibtex = "bibtex"
    ris = "ris"
    text = "text"


class Options(Record):
    """How to draw: terminal width, whether colour is wanted (table only), and whether
    the output goes to a terminal (JSON is indented there, compact elsewhere)."""

    width: int = 80
    color: bool = False
    tty: bool = False


class Drawn(Iterator[str]):
    """The chunks of a renderer that draws for a person (the table): its escape sequences
    are its own colours and links, and it has made store text inert itself."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks

    def __next__(self) -> str:
        return next(self._chunks)


# kind of output -> format -> module in this package that has a function named after the
# kind, or "module:function" where one function serves several kinds (an export in Markdown
# is the same document as `list --format markdown`). The one renderer that does not return
# text chunks is the Data Package's: a folder of files, ``(name, chunks)`` pairs, which
# ``render_files`` returns.
REGISTRY: dict[str, dict[Format, str]] = {
    "events": {
        Format.table: "chronology:events",
        Format.plain: "plain",
        Format.json: "json",
        Format.jsonl: "json",
        Format.csv: "csv",
        Format.markdown: "markdown",
    },
    "actor": {
        Format.table: "table:actor",
        Format.plain: "plain:events",
        Format.json: "json:events",
        Format.jsonl: "json:events_lines",
        Format.csv: "csv:events",
        Format.markdown: "markdown:events",
    },
    "event": {Format.table: "table", Format.plain: "plain", Format.json: "json"},
    "record": {Format.json: "json"},
    "actors": {
        Format.table: "table",
        Format.plain: "plain",
        Format.json: "json",
        Format.jsonl: "json",
        Format.csv: "csv",
    },
    "sources": {
        Format.table: "table",
        Format.plain: "plain",
        Format.json: "json",
        Format.csv: "csv",
        Format.markdown: "markdown",
    },
    "places": {
        Format.table: "table",
        Format.plain: "plain",
        Format.json: "json",
        Format.csv: "csv",
    },
    "tags": {
        Format.table: "table",
        Format.plain: "plain",
        Format.json: "json",
        Format.csv: "csv",
    },
    "problems": {Format.plain: "plain", Format.json: "json"},
    "profile": {Format.table: "table"},
    "stats": {Format.table: "table", Format.plain: "plain", Format.json: "json"},
    "export": {
        Format.html: "html",
        Format.timelinejs: "timelinejs",
        Format.markdown: "markdown:events",
        Format.csv: "csv:events",
        Format.geojson: "geojson:events",
        Format.datapackage: "datapackage:files",
    },
    # what `timeline cite` writes: sources and the dataset, in reference-list order
    "citations": {
        Format.csl_json: "csljson:citations",
        Format.bibtex: "bibtex:citations",
        Format.ris: "ris:citations",
        Format.text: "citetext:citations",
    },
}
# The formats that write a folder of files rather than one stream of text.
FOLDER_FORMATS = frozenset({Format.datapackage})


def export_target(
    fmt: Format, folder: str | None, output: str | None, *, bom: bool, force: bool
) -> str | None:
    """Return where an export in ``fmt`` goes: a file, a folder, or None for stdout.

    A folder format needs its folder (``DIR`` or ``-o DIR``); the other formats take no
    ``DIR``. ``--bom`` is for csv, ``--force`` for a folder. Raises UsageError otherwise.
    """
    if fmt not in FOLDER_FORMATS:
        if folder is not None:
            raise UsageError(
                f"{fmt} writes one file, not a folder: write it with -o {folder}, or to "
                "standard output"
            )
        if force:
            raise UsageError(
                f"--force is for a folder (datapackage); -o replaces a {fmt} file without it"
            )
        if bom and fmt is not Format.csv:
            raise UsageError(f"--bom is for csv only; {fmt} has no byte-order mark")
        return output
    if bom:
        raise UsageError(f"--bom is for csv only; the CSV files of {fmt} have none")
    if folder is not None and output is not None and folder != output:
        raise UsageError(f"give the folder once: DIR {folder} and -o {output} differ")
    target = folder if folder is not None else output
    if target is None or target == "-":
        raise UsageError(
            f"{fmt} writes a folder of files, not one stream: name it, as in "
            f"'timeline export {fmt} DIR'"
        )
    return target


def check_page_text(fmt: Format, *, title: str | None, subtitle: str | None) -> None:
    """Refuse ``--title`` and ``--subtitle`` (UsageError) for a format that has no heading
    to put them in: every format but html."""
    given = [
        name for name, value in (("--title", title), ("--subtitle", subtitle)) if value is not None
    ]
    if given and fmt is not Format.html:
        raise UsageError(f"{given[0]} is for html only; {fmt} has no page heading")


Renderer = Callable[..., Iterator[str]]


def formats(kind: str) -> list[str]:
    """Return the format names available for a kind of output, in registry order."""
    return [f.value for f in REGISTRY[kind]]


def parse_format(kind: str, text: str, what: str = "a format here") -> Format:
    """Return the format ``text`` names for a kind of output, in any case ("JSON").

    Raises UsageError listing the formats of that kind."""
    allowed = formats(kind)
    folded = text.strip().casefold()
    if folded not in allowed:
        raise UsageError(f"'{text}' is not {what}; use one of: {', '.join(allowed)}")
    return Format(folded)


FIELD_FORMATS = (Format.json, Format.jsonl, Format.csv)


def pick_fields(kind: str, fmt: Format, text: str | None) -> tuple[str, ...] | None:
    """Return the fields ``--fields`` names (``id,date,title``), or None for every field.

    Raises UsageError for a format that has no fields to choose, or a name that is not a
    field of ``kind`` in ``fmt`` (the sentence lists the fields).
    """
    if text is None:
        return None
    module = "csv" if fmt is Format.csv else "json"
    known: dict[str, Any] = importlib.import_module(f"{__name__}.{module}").FIELDS
    if fmt not in FIELD_FORMATS or kind not in known:
        raise UsageError(f"--fields is for json, jsonl and csv output, not {fmt}")
    wanted = tuple(name.strip() for name in text.split(","))
    for name in wanted:
        if name not in known[kind]:
            raise UsageError(
                f"'{name}' is not a field of {fmt}; the fields are: {', '.join(known[kind])}"
            )
    return wanted


def render(kind: str, fmt: Format, *args: Any, **kwargs: Any) -> Iterator[str]:
    """Return the text chunks of ``kind`` rendered in ``fmt`` (the renderer's arguments);
    a table's are ``Drawn``."""
    chunks = renderer(kind, fmt)(*args, **kwargs)
    return Drawn(chunks) if fmt is Format.table else chunks


def render_shown(fmt: Format, evs: Sequence[Any], store: Any, **kwargs: Any) -> Iterator[str]:
    """Return what ``timeline show`` prints of ``evs``: each event in full, a blank line
    between two; in JSON one object for one event, and for several the array that
    ``timeline list --json`` gives of them."""
    if len(evs) == 1:
        return render("event", fmt, evs[0], store, **kwargs)
    if fmt is Format.json:
        return render("events", fmt, evs, store, **kwargs)
    one = renderer("event", fmt)

    def each() -> Iterator[str]:
        for i, ev in enumerate(evs):
            if i:
                yield "\n"
            yield from one(ev, store, **kwargs)

    return Drawn(each()) if fmt is Format.table else each()


def render_files(
    kind: str, fmt: Format, *args: Any, **kwargs: Any
) -> list[tuple[str, Iterator[str]]]:
    """Return the files, ``(name, chunks)``, of ``kind`` rendered in a folder format."""
    return list(renderer(kind, fmt)(*args, **kwargs))  # type: ignore[arg-type]


def renderer(kind: str, fmt: Format) -> Renderer:
    """Return the function that renders ``kind`` in ``fmt``; KeyError if there is none."""
    module_name, _, name = REGISTRY[kind][fmt].partition(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    if not name:
        name = kind if fmt is not Format.jsonl else f"{kind}_lines"
    fn: Any = getattr(module, name)
    return fn  # type: ignore[no-any-return]
