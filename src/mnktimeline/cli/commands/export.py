"""``timeline export FORMAT``: the events for other tools and people."""

from __future__ import annotations

from typing import Annotated

import typer

from ...query import resolve, select
from ...render import formats, parse_format, render
from ...render.messages import NO_MATCH_EXPORT
from ...store import load, resolve_path
from ..options import OUTPUT, DataOpt, Filters, with_filters
from ..streams import Result, terminal


@with_filters
def export_command(
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT",
            help=f"One of: {', '.join(formats('export'))}.",
            show_default=False,
        ),
    ],
    filters: Filters,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE instead of standard output (- is standard output). A file is "
            "replaced in one step, through its symlinks: if the export fails, the old FILE "
            "stays as it was. A FIFO or a device is written into, never replaced.",
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    data: DataOpt = None,
) -> Result:
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
    chosen = parse_format("export", fmt, "an export format")
    wanted = filters.criteria()
    store = load(resolve_path(data))
    query, notes = resolve(store, wanted)
    events = select(store, query)
    chunks = render("export", chosen, events, store, opts=terminal().options)
    return Result(chunks, notes, [NO_MATCH_EXPORT] if not events else [], target=output)
