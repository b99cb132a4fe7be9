"""``timeline export FORMAT``: the events for other tools and people."""

from __future__ import annotations

from typing import Annotated

import typer

from ...query import find
from ...render import FOLDER_FORMATS, Format, export_target, formats, parse_format, render
from ...render.messages import NO_MATCH_EXPORT, no_features
from ...store import load, resolve_path
from ..options import OUTPUT, DataOpt, Filters, OutputOpt, with_filters
from ..streams import Result, terminal


# Long only by its options and their help; the body is a dozen lines that translate.
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
    folder: Annotated[
        str | None,
        typer.Argument(
            metavar="[DIR]",
            help="For datapackage: the folder to write (new or empty; see --force).",
            show_default=False,
        ),
    ] = None,
    *,
    filters: Filters,
    output: OutputOpt = None,
    bom: Annotated[
        bool,
        typer.Option(
            "--bom",
            help="csv: start with a UTF-8 byte-order mark. Microsoft Excel needs it to read "
            "the file as UTF-8 when it opens a .csv; LibreOffice, Google Sheets and "
            "'timeline import' read UTF-8 without it.",
            rich_help_panel=OUTPUT,
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="datapackage: write into a folder that is not empty, replacing the "
            "package's files in it.",
            rich_help_panel=OUTPUT,
        ),
    ] = False,
    data: DataOpt = None,
) -> Result:
    """Export the events for other tools and people: a web page, TimelineJS, Markdown, CSV, GeoJSON or a Data Package.

    [bold]html[/bold]: one page with everything inline (it opens offline and can be mailed):
    the events on a time axis, coloured by category, with filters and a search box.
    [bold]timelinejs[/bold]: the JSON that TimelineJS3 reads.
    [bold]markdown[/bold]: a chronology by year with the sources as footnotes.
    [bold]csv[/bold]: one row per event with the columns of the JSON output, and its sources' titles and URLs (UTF-8; --bom for Excel).
    [bold]geojson[/bold]: a FeatureCollection, a point per event and place with coordinates, for QGIS or geojson.io.
    [bold]datapackage[/bold]: a folder DIR of tidy CSV tables and a datapackage.json (Frictionless Data): schemas, keys, licence, sources.

    Takes the filters of [italic]timeline list[/italic].

    [bold]Examples[/bold]

      timeline export html -o mongolia-dprk.html

      timeline export timelinejs --since 2013 -o timeline.json

      timeline export markdown --category mediation > mediation.md

      timeline export csv --bom -o events.csv

      timeline export geojson -o events.geojson

      timeline export datapackage mnktimeline-data
    """
    chosen = parse_format("export", fmt, "an export format")
    target = export_target(chosen, folder, output, bom=bom, force=force)
    wanted = filters.criteria()
    store = load(resolve_path(data))
    events, notes, _ = find(store, wanted)
    after = [NO_MATCH_EXPORT] if not events else []
    if chosen in FOLDER_FORMATS:
        from ...render import render_files

        files = render_files("export", chosen, events, store)
        return Result(notes=notes, after=after, target=target, files=files, force=force)
    if chosen is Format.geojson and events:
        from ...render.geojson import features

        if next(features(events, store), None) is None:
            after = [no_features(len(events))]
    chunks = render("export", chosen, events, store, opts=terminal().options, bom=bom)
    return Result(chunks, notes, after, target=target)
