"""``timeline export FORMAT``: the events for other tools and people."""

from datetime import date
from typing import Annotated

import typer

from ...query import find
from ...render import (
    FOLDER_FORMATS,
    Format,
    check_page_text,
    export_target,
    formats,
    parse_format,
    render,
)
from ...render.messages import NO_MATCH_EXPORT, no_features
from ...store import load, resolve_path
from ..options import OUTPUT, WORD, DataOpt, Filters, OutputOpt, with_filters
from ..streams import Result, terminal


# Long only by its options and their help; the body is a dozen lines that translate.
@with_filters
def export_command(
    fmt: Annotated[
        str,
        typer.Argument(
            click_type=WORD,
            metavar="FORMAT",
            help=f"One of: {', '.join(formats('export'))}.",
            show_default=False,
        ),
    ],
    folder: Annotated[
        str | None,
        typer.Argument(
            click_type=WORD,
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
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TEXT",
            help="html: the page's heading and window title, instead of the project's.",
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    subtitle: Annotated[
        str | None,
        typer.Option(
            "--subtitle",
            metavar="TEXT",
            help="html: a line under the heading, after the number of events and their years.",
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    data: DataOpt = None,
) -> Result:
    """Export the events for other tools and people: a web page, TimelineJS, Markdown, CSV, GeoJSON or a Data Package.

    [bold]html[/bold]: one page with everything inline (it opens offline and can be mailed):
    an overview of the whole selection with lanes by category or country and a window
    to drag, zoom or type years into, the terms of office of heads of state and government
    behind it, and the events below with chips, a search box and links to each one
    (page.html#EVENT-ID); --title and --subtitle head it.
    [bold]timelinejs[/bold]: the JSON that TimelineJS3 reads.
    [bold]markdown[/bold]: a chronology by year: each event with its places, what it is part of, its series and its notes, the sources as footnotes.
    [bold]csv[/bold]: one row per event with the columns of the JSON output, and its sources' titles and URLs (UTF-8; --bom for Excel).
    [bold]geojson[/bold]: a FeatureCollection, a point per event and place with coordinates, for QGIS or geojson.io.
    [bold]datapackage[/bold]: a folder DIR of tidy CSV tables and a datapackage.json (Frictionless Data): schemas, keys, licence, sources.

    Takes the filters of [italic]timeline list[/italic].

    [bold]Examples[/bold]

      timeline export html -o mongolia-dprk.html

      timeline export html --since 2018 --until 2018 --title "Mongolia and the DPRK in 2018" -o 2018.html

      timeline export timelinejs --since 2013 -o timeline.json

      timeline export markdown --category mediation > mediation.md

      timeline export csv --bom -o events.csv

      timeline export geojson -o events.geojson

      timeline export datapackage mnktimeline-data
    """
    chosen = parse_format("export", fmt, "an export format")
    target = export_target(chosen, folder, output, bom=bom, force=force)
    check_page_text(chosen, title=title, subtitle=subtitle)
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
    page = {"title": title, "subtitle": subtitle, "since": wanted.since, "until": wanted.until}
    chunks = render(
        "export",
        chosen,
        events,
        store,
        opts=terminal().options,
        bom=bom,
        filters=filters._asdict(),
        today=date.today(),
        **page,
    )
    return Result(chunks, notes, after, target=target)
