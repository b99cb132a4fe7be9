"""Output formats: one enum, one registry, one module per format.

Each renderer is a function of records to text chunks. The registry says which
formats each kind of output has, so help text and ``--format`` choices come from one
place; modules are imported only when their format is used, so ``--json`` never
loads rich.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any, NamedTuple

from ..errors import UsageError


class Format(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    timelinejs = "timelinejs"


class Options(NamedTuple):
    """How to draw: terminal width and whether colour is wanted (table only)."""

    width: int = 80
    color: bool = False


# kind of output -> format -> module in this package that has a function named after the
# kind, or "module:function" where one function serves several kinds (an export in Markdown
# is the same document as `list --format markdown`)
REGISTRY: dict[str, dict[Format, str]] = {
    "events": {
        Format.table: "table",
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
    },
}

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


def render(kind: str, fmt: Format, *args: Any, **kwargs: Any) -> Iterator[str]:
    """Return the text chunks of ``kind`` rendered in ``fmt`` (the renderer's arguments)."""
    return renderer(kind, fmt)(*args, **kwargs)


def renderer(kind: str, fmt: Format) -> Renderer:
    """Return the function that renders ``kind`` in ``fmt``; KeyError if there is none."""
    module_name, _, name = REGISTRY[kind][fmt].partition(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    if not name:
        name = kind if fmt is not Format.jsonl else f"{kind}_lines"
    fn: Any = getattr(module, name)
    return fn  # type: ignore[no-any-return]
